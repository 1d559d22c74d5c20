/**
 * The finished example the demo document ships with: a check a desk could publish on the demo article — its
 * publication details, claims with claimants, verdicts, rationales and primary sources, each verdict checked by the
 * other colleague and published, a citation, an accepted correction — and work still open for the new user (a
 * pending correction, a discussion waiting for an answer), written by two fictional colleagues so a new user sees
 * every part of the workspace filled in before touching it.
 */
import {
  type Actor,
  type AnnotationBody,
  type CorrectionLogEntry,
  correctionsLog,
  documentSettings,
  makeSource,
  type Publication,
  type Source,
  validateBody,
} from '@factmark/collab';
import { articleSchema, newAnnotationId } from '@factmark/editor';
import { type Placement, writeAnnotations } from '@factmark/interop';
import type { Node as PMNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import type * as Y from 'yjs';

/** The demo's two colleagues (fictional; their ids cannot collide with an account's). */
export const DEMO_PEOPLE = {
  editor: { id: 'demo:mira', name: 'Mira Holt (demo)' },
  checker: { id: 'demo:tomas', name: 'Tomas Reyes (demo)' },
} as const satisfies Record<string, Actor>;

/** The words of the demo article the accepted correction replaced, and what it put there. */
export const DEMO_ACCEPTED = { original: 'hostile or hostile', proposed: 'hostile' } as const;

/** Where `text` first occurs inside one textblock of `doc`, as a ProseMirror range. */
function rangeOf(doc: PMNode, text: string): { from: number; to: number } {
  let found: { from: number; to: number } | null = null;
  doc.descendants((node, pos) => {
    if (found || !node.isTextblock) return !found;
    const at = node.textContent.indexOf(text);
    if (at >= 0) found = { from: pos + 1 + at, to: pos + 1 + at + text.length };
    return false;
  });
  if (!found) throw new Error(`The demo article lacks "${text}"`);
  return found;
}

/** The article as the example leaves it: the accepted correction's words already in place. */
export function exampleArticle(article: PMNode): PMNode {
  const { from, to } = rangeOf(article, DEMO_ACCEPTED.original);
  return new Transform(article).replaceWith(from, to, articleSchema.text(DEMO_ACCEPTED.proposed)).doc;
}

interface Clock {
  /** The time `minutes` after the example's start. */
  at(minutes: number): string;
}

function sources(clock: Clock): Source[] {
  const { editor, checker } = DEMO_PEOPLE;
  const at = (minutes: number) => new Date(clock.at(minutes));
  return [
    makeSource(
      'demo-source-ministry',
      {
        url: 'https://defense.varnia.example/press/2026-03-13-kessel-drills',
        title: 'Kessel Sea exercises: briefing for the press',
        publisher: 'Varnian Ministry of Defense',
        publishedDate: '2026-03-13',
        accessedDate: '2026-03-14',
        notes: 'Gives 50,400 personnel and 140 aircraft; 38 ships including six submarines; ends 28 March.',
        primary: true,
      },
      editor,
      at(2),
    ),
    makeSource(
      'demo-source-survey',
      {
        url: 'https://meridan-institute.example/surveys/defense-2026',
        title: 'Attitudes to defense spending, February 2026',
        publisher: 'Meridan Institute',
        author: 'L. Sandvik',
        publishedDate: '2026-02-20',
        accessedDate: '2026-03-14',
        primary: true,
      },
      checker,
      at(5),
    ),
    makeSource(
      'demo-source-agreement',
      {
        url: 'https://treaties.estlund.example/1994/notification-of-exercises',
        title: 'Agreement on the notification of military exercises (1994)',
        publisher: 'Estlund Ministry of Foreign Affairs',
        notes: 'Article 3: 42 days of notice for exercises with more than 13,000 troops.',
        primary: true,
      },
      checker,
      at(9),
    ),
  ];
}

type Fields = Record<string, unknown>;

/** One annotation of the example: a body's fields on a quote of the article (the example's text). */
interface ExampleAnnotation {
  quote: string;
  kind: AnnotationBody['kind'];
  by: Actor;
  /** Minutes after the example's start. */
  at: number;
  fields: Fields;
  /** For a citation: the quote of the claim it is for. */
  forClaim?: string;
}

/** A thread message of the example. */
function message(clock: Clock, text: string, author: Actor, minutes: number) {
  return { id: newAnnotationId(), author, text, createdAt: clock.at(minutes) };
}

/** The ministry, which made most of the article's claims. */
const MINISTRY = {
  name: 'Varnian Ministry of Defense',
  kind: 'organization',
  url: 'https://defense.varnia.example/',
} as const;

/** A claim's verdict by `giver`, checked by `checker` (the second reviewer) and published. */
function published(clock: Clock, verdict: string, giver: Actor, given: number, checker: Actor, checked: number) {
  return {
    status: 'published',
    verdictBy: giver,
    verdictAt: clock.at(given),
    checkedBy: { ...checker, at: clock.at(checked), verdict },
  };
}

/** The demo's publication details: the wire article checked and the (fictional) desk that publishes the check. */
export const DEMO_PUBLICATION: Publication = {
  articleUrl: 'https://nordwire.example/2026/03/14/kessel-sea-drills',
  articlePublisher: 'Nordwire',
  articleAuthors: ['Nordwire staff'],
  articlePublishedAt: '2026-03-14',
  articleLanguage: 'en',
  factCheckUrl: 'https://factcheck.example/2026/03/kessel-sea-drills',
  organizationName: 'Factmark demo desk',
  organizationUrl: 'https://factcheck.example/',
};

/** The example's claims: each judged by one colleague, checked by the other, and published. */
function claims(clock: Clock): ExampleAnnotation[] {
  const { editor, checker } = DEMO_PEOPLE;
  return [
    {
      quote: 'More than 50,000 soldiers and 140 aircraft',
      kind: 'claim',
      by: editor,
      at: 1,
      fields: {
        statement: 'More than 50,000 soldiers and 140 aircraft take part in the Kessel Sea exercises.',
        verdict: 'True',
        rationale: "The ministry's briefing gives 50,400 personnel and 140 aircraft.",
        ...published(clock, 'True', editor, 3, checker, 17),
        claimant: MINISTRY,
        claimDate: '2026-03-13',
        firstAppearance: 'https://defense.varnia.example/press/2026-03-13-kessel-drills',
        assignee: editor,
        sourceIds: ['demo-source-ministry'],
        thread: [
          message(clock, 'Does "soldiers" include the fleet\'s crews? The briefing says "personnel".', checker, 12),
          message(clock, 'It does: the briefing counts everyone taking part. Verdict stands.', editor, 15),
        ],
      },
    },
    {
      quote: '63 percent of Varnians support higher defense spending',
      kind: 'claim',
      by: checker,
      at: 4,
      fields: {
        statement: '63 percent of Varnians support higher defense spending (Meridan Institute, February).',
        verdict: 'Mostly true',
        rationale:
          'The survey found 63 percent in favour of "somewhat or much higher" spending; 48 percent in 2021 is right.',
        ...published(clock, 'Mostly true', checker, 7, editor, 19),
        claimant: { name: 'Meridan Institute', kind: 'organization', url: 'https://meridan-institute.example/' },
        claimDate: '2026-02-20',
        assignee: checker,
        sourceIds: ['demo-source-survey'],
      },
    },
    {
      quote: 'requires 42 days of notice for exercises involving more than 9,000 troops',
      kind: 'claim',
      by: checker,
      at: 8,
      fields: {
        statement: 'The 1994 agreement requires 42 days of notice for exercises with more than 9,000 troops.',
        verdict: 'Mostly false',
        rationale: 'The notice period is right, but the agreement sets the threshold at 13,000 troops, not 9,000.',
        ...published(clock, 'Mostly false', checker, 10, editor, 20),
        claimant: { name: 'Nordwire', kind: 'organization', role: 'the wire service that filed the article' },
        claimDate: '2026-03-14',
        assignee: checker,
        sourceIds: ['demo-source-agreement'],
      },
    },
    {
      quote: 'will last until 28 March',
      kind: 'claim',
      by: editor,
      at: 10,
      fields: {
        statement: 'The drills last until 28 March.',
        verdict: 'True',
        rationale: "The ministry's briefing gives 28 March as the last day of the exercises.",
        ...published(clock, 'True', editor, 11, checker, 21),
        claimant: MINISTRY,
        claimDate: '2026-03-13',
        assignee: null,
        sourceIds: ['demo-source-ministry'],
      },
    },
  ];
}

/** The example's other work: a citation, an accepted and a pending correction, a discussion with a reply. */
function edits(clock: Clock): ExampleAnnotation[] {
  const { editor, checker } = DEMO_PEOPLE;
  return [
    {
      quote: 'a survey by the Meridan Institute',
      kind: 'citation',
      forClaim: '63 percent of Varnians support higher defense spending',
      by: checker,
      at: 6,
      fields: {
        sourceId: 'demo-source-survey',
        excerpt: 'Support for higher spending: 63% (2021: 48%).',
        stance: 'supports',
      },
    },
    {
      quote: DEMO_ACCEPTED.proposed,
      kind: 'correction',
      by: checker,
      at: 11,
      fields: {
        original: DEMO_ACCEPTED.original,
        proposed: DEMO_ACCEPTED.proposed,
        category: 'mistranslation',
        rationale: 'The translation doubled one adjective ("malicious or hostile" in the source).',
        state: 'accepted',
        decidedBy: editor,
        decidedAt: clock.at(14),
      },
    },
    {
      quote: 'in the frames of the plan',
      kind: 'correction',
      by: checker,
      at: 13,
      fields: {
        original: 'in the frames of the plan',
        proposed: 'under the plan',
        category: 'mistranslation',
        rationale: 'A literal translation; English says "under the plan".',
        state: 'proposed',
        decidedBy: null,
        decidedAt: null,
      },
    },
    {
      quote: 'she added',
      kind: 'comment',
      by: editor,
      at: 16,
      fields: {
        resolved: false,
        resolvedBy: null,
        resolvedAt: null,
        thread: [
          message(clock, 'The deputy minister is a man in our other reports. Is "she" a translation slip?', editor, 16),
          message(
            clock,
            'The original has no pronoun; the translation guessed. Ask the wire desk before we change it.',
            checker,
            18,
          ),
        ],
      },
    },
  ];
}

/**
 * Write the finished example into `doc`, which holds the plain demo article: the accepted correction's words
 * replace the original ones, and every annotation, source and the correction's log entry are written in one
 * Yjs transaction.
 *
 * @param start the time the example's first step is dated (later steps follow minutes after it)
 */
export function writeDemoExample(doc: Y.Doc, article: PMNode, start: Date): void {
  const clock: Clock = { at: (minutes) => new Date(start.getTime() + minutes * 60_000).toISOString() };
  const text = exampleArticle(article);
  const all = [...claims(clock), ...edits(clock)];
  const ids = all.map(() => newAnnotationId());
  const placements: Placement[] = all.map((a, i) => {
    const id = ids[i] as string;
    const claimId = a.forClaim ? ids[all.findIndex((c) => c.kind === 'claim' && c.quote === a.forClaim)] : undefined;
    const created = clock.at(a.at);
    const body = validateBody({
      id,
      kind: a.kind,
      quote: a.quote,
      author: a.by,
      createdAt: created,
      updatedAt: created,
      updatedBy: a.by,
      thread: [],
      ...a.fields,
      ...(claimId ? { claimId } : {}),
    });
    return { body, range: rangeOf(text, a.quote) };
  });
  const accepted = placements.find((p) => p.body.kind === 'correction' && p.body.state === 'accepted');
  doc.transact(() => {
    writeAnnotations(doc, placements, sources(clock), text);
    const settings = documentSettings(doc);
    for (const [key, value] of Object.entries(DEMO_PUBLICATION)) settings.set(key, value);
    if (accepted?.body.kind !== 'correction') return;
    const entry: CorrectionLogEntry = {
      correctionId: accepted.body.id,
      decision: 'accepted',
      original: accepted.body.original,
      proposed: accepted.body.proposed,
      category: accepted.body.category,
      decidedBy: DEMO_PEOPLE.editor,
      decidedAt: clock.at(14),
    };
    correctionsLog(doc).push([entry]);
  });
}
