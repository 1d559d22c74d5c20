/**
 * Sending email through SMTP_URL with nodemailer: invitations at once, and the notification outbox in rounds — a
 * person's notifications go once none came for MAIL_QUIET_SECONDS (or the oldest waited MAIL_MAX_WAIT_SECONDS), as
 * one email when alone and as a digest when many came at once, each with an unsubscribe link.
 */
import { randomBytes } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { MailSettings } from '../config.ts';
import type { MailItem, NotificationStore } from '../storage/notification-store.ts';
import { invitationMail, type MailContent, notificationMail } from './mail-messages.ts';
import { oneClickUrl, unsubscribeUrl } from './unsubscribe.ts';

/** The mailer of one server process. */
export class Mailer {
  private readonly transport: Transporter;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<unknown> = Promise.resolve();
  private listening: string | null = null;

  constructor(
    private readonly settings: MailSettings,
    private readonly notifications: NotificationStore,
    private readonly secret: Buffer,
    private readonly log: Logger,
  ) {
    this.transport = nodemailer.createTransport(settings.smtpUrl);
    notifications.email = true;
  }

  /** The address people open the app at: PUBLIC_URL, or the one the server listens on. */
  get publicUrl(): string {
    return this.settings.publicUrl ?? this.listening ?? 'http://localhost:3000';
  }

  private async send(to: string, content: MailContent, headers: Record<string, string> = {}): Promise<void> {
    await this.transport.sendMail({ from: this.settings.from, to, ...content, headers });
  }

  /** Email an invitation (its link holds the secret: the email is the only place it goes besides the owner's screen). */
  async sendInvitation(to: string, invitation: Parameters<typeof invitationMail>[0]): Promise<void> {
    await this.send(to, invitationMail(invitation));
  }

  /** Mail every person whose notifications are due, once; how many emails went. */
  async deliverDue(now = new Date()): Promise<number> {
    const seconds = (s: number) => new Date(now.getTime() - s * 1000).toISOString();
    const items = await this.notifications.claimMail({
      // Unique per round, so two instances' claims never mix; it starts with the time, so it orders like one.
      now: `${now.toISOString()}#${randomBytes(4).toString('hex')}`,
      quietSince: seconds(this.settings.quietSeconds),
      waitingSince: seconds(this.settings.maxWaitSeconds),
      staleClaim: seconds(600),
    });
    const byPerson = new Map<string, MailItem[]>();
    for (const i of items) byPerson.set(i.userId, [...(byPerson.get(i.userId) ?? []), i]);
    let sent = 0;
    for (const [userId, mine] of byPerson) {
      const ids = mine.map((i) => i.id);
      try {
        await this.mailPerson(userId, mine);
        await this.notifications.mailSent(ids);
        sent++;
      } catch (error) {
        this.log.warn({ err: error, userId }, 'could not send notification email; it is tried again');
        await this.notifications.mailFailed(ids);
      }
    }
    return sent;
  }

  private async mailPerson(userId: string, items: readonly MailItem[]): Promise<void> {
    const { publicUrl } = this;
    const unsubscribe = unsubscribeUrl(publicUrl, this.secret, userId);
    await this.send(items[0]?.email ?? '', notificationMail(items, publicUrl, unsubscribe), {
      'List-Unsubscribe': `<${oneClickUrl(publicUrl, this.secret, userId)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  }

  /** Deliver in rounds, each after the previous one ended; `listening` is the server's own address. */
  start(listening: string): void {
    this.listening = listening;
    const every = Math.max(250, Math.min(5_000, (this.settings.quietSeconds * 1000) / 2));
    this.timer = setInterval(() => {
      this.round = this.round
        .then(() => this.deliverDue())
        .catch((error) => this.log.warn({ err: error }, 'notification email round failed'));
    }, every);
    this.timer.unref();
  }

  /** Stop the rounds and wait for the one under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round;
    this.transport.close();
  }
}
