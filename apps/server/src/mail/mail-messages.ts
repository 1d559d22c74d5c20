/**
 * The emails Factmark sends, as text and as HTML (every user-written word escaped): a notification, a digest of
 * several that came at once, and an invitation to a document.
 */
import type { NotificationKind } from '@factmark/api';
import type { Role } from '@factmark/collab';
import { escapeHtml } from '@factmark/interop';
import type { MailItem } from '../storage/notification-store.ts';

/** An email's content. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** A digest's heading for each kind. */
const KIND_WORDS: Record<NotificationKind, string> = {
  assigned: 'Assigned to you',
  mention: 'Mentions',
  reply: 'Replies',
  decision: 'Decisions on your corrections',
  review: 'Second checks asked for',
  webhook: 'Webhooks paused',
};

/** The address of an annotation's card (what the app opens: `/d/<id>#annotation=<id>`). */
export function cardUrl(publicUrl: string, documentId: string, annotationId: string): string {
  return `${publicUrl}/d/${encodeURIComponent(documentId)}#annotation=${encodeURIComponent(annotationId)}`;
}

const footer = (unsubscribe: string, settings: string) => ({
  text: `\n--\nChoose which notifications you get: ${settings}\nStop these emails: ${unsubscribe}\n`,
  html: `<hr><p style="color:#555;font-size:13px"><a href="${escapeHtml(settings)}">Choose which notifications you get</a> · <a href="${escapeHtml(unsubscribe)}">Stop these emails</a></p>`,
});

/**
 * The email for `items` (one person's, oldest first): one notification as itself, several as a digest grouped by
 * kind. `unsubscribe` is the person's unsubscribe page.
 */
export function notificationMail(items: readonly MailItem[], publicUrl: string, unsubscribe: string): MailContent {
  const line = (i: MailItem) => ({
    text: `${i.text} — in “${i.documentTitle}”\n${cardUrl(publicUrl, i.documentId, i.annotationId)}`,
    html: `<li><a href="${escapeHtml(cardUrl(publicUrl, i.documentId, i.annotationId))}">${escapeHtml(i.text)}</a> — in “${escapeHtml(i.documentTitle)}”</li>`,
  });
  const end = footer(unsubscribe, `${publicUrl}/notifications`);
  const first = items[0];
  if (items.length === 1 && first)
    return {
      subject: first.text,
      text: `${line(first).text}\n${end.text}`,
      html: `<ul>${line(first).html}</ul>${end.html}`,
    };
  const groups = (Object.keys(KIND_WORDS) as NotificationKind[])
    .map((kind) => ({ kind, items: items.filter((i) => i.kind === kind) }))
    .filter((g) => g.items.length > 0);
  const documents = new Set(items.map((i) => i.documentId)).size;
  return {
    subject: `${items.length} notifications in Factmark${documents > 1 ? ` across ${documents} documents` : ` on “${first?.documentTitle}”`}`,
    text: `${groups.map((g) => `${KIND_WORDS[g.kind]}\n\n${g.items.map((i) => line(i).text).join('\n\n')}`).join('\n\n')}\n${end.text}`,
    html: `${groups.map((g) => `<h3>${KIND_WORDS[g.kind]}</h3><ul>${g.items.map((i) => line(i).html).join('')}</ul>`).join('')}${end.html}`,
  };
}

/** Words for a role in an invitation. */
const ROLE_WORDS: Record<Role, string> = {
  owner: 'an owner',
  editor: 'an editor',
  commenter: 'a commenter',
  viewer: 'a viewer',
};

/** The email inviting someone without an account to a document, with the link that makes their account. */
export function invitationMail(input: {
  invitedBy: string;
  documentTitle: string;
  role: Role;
  link: string;
  expiresAt: string;
}): MailContent {
  const { invitedBy, documentTitle, role, link } = input;
  const until = new Date(input.expiresAt).toUTCString();
  return {
    subject: `${invitedBy} invited you to check “${documentTitle}” in Factmark`,
    text: `${invitedBy} invited you to “${documentTitle}” as ${ROLE_WORDS[role]}.\n\nOpen this link to make your account and start: ${link}\n\nThe link works once, until ${until}.\n`,
    html: `<p>${escapeHtml(invitedBy)} invited you to “${escapeHtml(documentTitle)}” as ${ROLE_WORDS[role]}.</p><p><a href="${escapeHtml(link)}">Make your account and start</a></p><p style="color:#555">The link works once, until ${escapeHtml(until)}.</p>`,
  };
}
