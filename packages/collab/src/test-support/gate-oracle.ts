/**
 * The differential oracle for the update gate. It shares no code with the
 * gate's reading of an update: it applies the update to a copy, reads both
 * documents the way a colleague's editor sees them (y-prosemirror's own
 * conversion, bodies as JSON), lists what changed, then applies each honest
 * colleague's next edit to see damage that shows only later, and says whether
 * the sender's role allows all of it.
 */
import { articleSchema } from '@factmark/editor';
import type { Node as PMNode } from 'prosemirror-model';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import * as Y from 'yjs';
import { may, type Role } from '../policy.ts';

/** The document before an update, and what the oracle needs to judge one. */
export interface World {
  base: Uint8Array;
  owners: ReadonlyMap<number, string>;
  /** Each honest client's next edit (a new paragraph holding `marker`), made on `base`. */
  nextEdits: { client: number; update: Uint8Array; marker: string }[];
  now: number;
}

type Json = Record<string, unknown>;

interface Snapshot {
  structure: string;
  text: string;
  formatting: string[];
  marks: Set<string>[];
  bodies: Map<string, Json>;
  sources: Map<string, Json>;
  settings: string;
  log: Json[];
}

/** Who did what, per the oracle. */
export interface OracleVerdict {
  /** The update changes something a colleague would see or suffer. */
  changed: boolean;
  /** Why the sender may not do it; null when the role allows everything it does. */
  unauthorized: string | null;
}

function docOf(bytes: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, bytes);
  return doc;
}

/** What a body's absent fields read as, by kind (docs/data-model.md; restated here, not imported from the gate's code). */
const ABSENT: Record<string, Json> = {
  claim: {
    verdict: null,
    status: 'draft',
    assignee: null,
    claimant: null,
    claimDate: null,
    appearances: [],
    firstAppearance: null,
    verdictBy: null,
    verdictAt: null,
    checkedBy: null,
  },
  citation: { claimId: null },
  correction: { state: 'proposed', decidedBy: null, decidedAt: null },
  comment: { resolved: false, resolvedBy: null, resolvedAt: null },
};

/**
 * A body's fields with its fixed ones spelled out: they are stored together as
 * `fixed: [kind, quote, authorId, authorName, createdAt]`, the time in
 * milliseconds or as an ISO string, and a field also stored on its own reads
 * as stored on its own (docs/data-model.md). Anything else under `fixed`
 * stays as it is, a field no body has.
 */
function withFixedFields(stored: Json): Json {
  const fixed = stored.fixed;
  if (!Array.isArray(fixed) || fixed.length !== 5) return stored;
  const [kind, quote, id, name, time] = fixed as unknown[];
  if (typeof kind !== 'string' || typeof quote !== 'string' || typeof id !== 'string' || typeof name !== 'string')
    return stored;
  let createdAt: string;
  if (typeof time === 'string') createdAt = time;
  else if (typeof time === 'number' && Number.isSafeInteger(time) && Math.abs(time) <= 8.64e15)
    createdAt = new Date(time).toISOString();
  else return stored;
  const { fixed: _fixed, ...rest } = stored;
  return { kind, quote, author: { id, name }, createdAt, ...rest };
}

function entries(doc: Y.Doc, root: string): Map<string, Json> {
  const out = new Map<string, Json>();
  doc.getMap<unknown>(root).forEach((value, key) => {
    if (!(value instanceof Y.Map)) {
      out.set(key, { value });
      return;
    }
    const stored = root === 'annotations' ? withFixedFields(value.toJSON() as Json) : (value.toJSON() as Json);
    // A body leaves out its id (its key), the last change while it is the creation, and fields at their default.
    const implied =
      root === 'annotations'
        ? { id: key, ...ABSENT[String(stored.kind)], updatedAt: stored.createdAt, updatedBy: stored.author }
        : {};
    const entry: Json = { ...implied, ...stored };
    // A verdict's giver not stored is the claim's author (docs/data-model.md), as `updatedBy` above.
    if (root === 'annotations' && entry.kind === 'claim' && entry.verdict != null && stored.verdictBy === undefined)
      entry.verdictBy = stored.author;
    out.set(key, entry);
  });
  return out;
}

function snapshot(doc: Y.Doc): Snapshot | string {
  let mutated = false;
  const onUpdate = () => {
    mutated = true;
  };
  doc.on('update', onUpdate);
  let article: PMNode;
  try {
    article = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment('article'), articleSchema);
  } catch (error) {
    return `the article cannot be shown: ${(error as Error).message}`;
  } finally {
    doc.off('update', onUpdate);
  }
  // y-prosemirror deletes what it cannot show: every colleague's editor would do the same.
  if (mutated) return 'the article holds nodes an editor deletes on sight';
  const structure: unknown[] = [];
  const formatting: string[] = [];
  const marks: Set<string>[] = [];
  let text = '';
  let broken = false;
  article.descendants((node) => {
    if (node.isText && typeof node.text !== 'string') broken = true;
    if (broken) return false;
    if (!node.isText) {
      structure.push([node.type.name, node.attrs, node.isTextblock ? null : node.childCount]);
      if (node.isTextblock) {
        text += '\u2029';
        formatting.push('');
        marks.push(new Set());
      }
      return true;
    }
    const plain = node.marks.filter((m) => !('id' in m.attrs)).map((m) => JSON.stringify(m.toJSON()));
    const own = new Set(node.marks.filter((m) => 'id' in m.attrs).map((m) => `${m.type.name}:${m.attrs.id}`));
    for (const ch of node.text ?? '') {
      text += ch;
      formatting.push(plain.sort().join());
      marks.push(own);
    }
    return false;
  });
  if (broken) return 'the article holds text that is not text';
  return {
    structure: JSON.stringify(structure),
    text,
    formatting,
    marks,
    bodies: entries(doc, 'annotations'),
    sources: entries(doc, 'sources'),
    settings: JSON.stringify(doc.getMap('settings').toJSON()),
    log: doc.getArray<Json>('correctionsLog').toArray(),
  };
}

const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter((m) => m && typeof m === 'object') : []);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const who = (v: unknown) => (v && typeof v === 'object' ? (v as { id?: unknown }).id : undefined);

function future(value: unknown, now: number): boolean {
  return typeof value === 'string' && Date.parse(value) > now + 2 * 60_000;
}

/** The second-reviewer rule is on unless the settings say it is off (docs/roles.md). */
function ruleOn(s: Snapshot): boolean {
  const rule = (JSON.parse(s.settings) as Json).reviewRule as Json | undefined;
  return rule?.secondReviewer !== false;
}

/**
 * The second-reviewer rule restated from docs/roles.md: a verdict is given in the giver's name and drops the old
 * check; a check names its checker and the verdict checked; with the rule on, a claim is checked only by someone
 * other than its verdict's giver and published only with such a check of its verdict, and a restored claim comes
 * back in review.
 */
function reviewRule(user: string, before: Json | null, after: Json, on: boolean, restored: boolean): string | null {
  if (after.kind !== 'claim') return null;
  const was = before ?? {};
  const giver = who(after.verdictBy ?? after.author);
  const check = (after.checkedBy ?? null) as Json | null;
  // Given again, at a new time or in a new name, is given: two colleagues giving the same verdict at once.
  const newVerdict =
    !same(was.verdict ?? null, after.verdict ?? null) ||
    (before !== null &&
      after.verdict != null &&
      (!same(was.verdictAt ?? null, after.verdictAt ?? null) || who(was.verdictBy ?? was.author) !== giver));
  const newCheck = !same(was.checkedBy ?? null, check);
  const newStatus = was.status !== after.status;
  if (!restored) {
    if (newVerdict && after.verdict !== null && giver !== user) return 'gives a verdict in another name';
    // A verdict's giver not stored is the claim's author (docs/data-model.md).
    if (before && !newVerdict && who(was.verdictBy ?? was.author) !== who(after.verdictBy ?? after.author))
      return 'rewrites who gave the verdict';
    if (newCheck && check && who(check) !== user) return 'checks in another name';
  }
  if (before && newVerdict && check) return 'keeps a check of another verdict';
  if (newCheck && check && check.verdict !== after.verdict) return 'checks another verdict';
  if (!on) return null;
  const past = after.status === 'checked' || after.status === 'published';
  if (restored && past) return 'restores a claim past review';
  if (past && newVerdict) return 'changes a checked verdict';
  if (newStatus && after.status === 'checked' && (after.verdict === null || giver === user || !newCheck || !check))
    return 'checks its own verdict';
  if (
    newStatus &&
    after.status === 'published' &&
    !(check && after.verdict !== null && check.verdict === after.verdict && who(check) !== giver)
  )
    return 'publishes without a second reviewer';
  return null;
}

/** Why `user` with `role` may not turn body `before` into `after` (null: allowed). */
function bodyRule(
  role: Role,
  user: string,
  id: string,
  before: Json | null,
  after: Json | null,
  s: Snapshot,
  b: Snapshot,
  now: number,
  existed: boolean,
): string | null {
  if (!before && after) {
    if (!may(role, 'annotate')) return 'creates an annotation';
    if (existed && may(role, 'change', false)) return reviewRule(user, null, after, ruleOn(s) || ruleOn(b), true);
    const thread = list(after.thread);
    if (who(after.author) !== user || who(after.updatedBy) !== user) return 'creates an annotation in another name';
    if (after.resolvedBy && who(after.resolvedBy) !== user) return 'resolves in another name';
    if (thread.some((m) => who(m.author) !== user || future(m.createdAt, now))) return 'posts in another name';
    if (after.kind === 'correction' && after.state !== 'proposed') return 'creates a decided correction';
    if (future(after.createdAt, now) || future(after.updatedAt, now)) return 'dates the future';
    return reviewRule(user, null, after, ruleOn(s) || ruleOn(b), false);
  }
  const prior = before as Json;
  const own = who(prior.author) === user;
  if (!after) return may(role, 'change', own) ? null : 'removes what is not theirs';
  for (const key of ['id', 'kind', 'author', 'createdAt', 'quote'])
    if (!same(prior[key], after[key])) return `changes ${key}`;
  if (!same(prior.updatedBy, after.updatedBy) && who(after.updatedBy) !== user) return 'signs a change as someone else';
  if (!same(prior.updatedAt, after.updatedAt) && future(after.updatedAt, now)) return 'dates the future';
  const oldThread = new Map(list(prior.thread).map((m) => [m.id, m]));
  const newThread = new Map(list(after.thread).map((m) => [m.id, m]));
  for (const [mid, m] of newThread) {
    const was = oldThread.get(mid);
    if (!was && (!may(role, 'annotate') || who(m.author) !== user || future(m.createdAt, now)))
      return 'posts in another name';
    if (was && !same(was, m) && !may(role, 'change', who(was.author) === user))
      return 'edits a message that is not theirs';
  }
  for (const [mid, m] of oldThread)
    if (!newThread.has(mid) && !may(role, 'change', who(m.author) === user))
      return 'deletes a message that is not theirs';
  const resolution = ['resolved', 'resolvedBy', 'resolvedAt'].some((k) => !same(prior[k], after[k]));
  if (
    resolution &&
    (!may(role, 'annotate') || (after.resolvedBy && who(after.resolvedBy) !== user) || future(after.resolvedAt, now))
  )
    return 'resolves in another name';
  const decided = ['state', 'decidedBy', 'decidedAt'].some((k) => !same(prior[k], after[k]));
  if (decided) {
    if (!may(role, 'decideCorrection')) return 'decides a correction';
    const appended = b.log.filter((e) => e.correctionId === id && !s.log.some((f) => same(e, f)));
    const removed = s.log.filter((e) => e.correctionId === id && !b.log.some((f) => same(e, f)));
    if (after.state === 'proposed') {
      if (prior.state === 'proposed') return 'changes a decision without its state';
      if (after.decidedBy !== null || after.decidedAt !== null || removed.length === 0)
        return 'reopens without taking the decision back';
    } else if (
      // A rejection giving way to an acceptance a colleague logged at the same moment (the decision repair).
      !(
        appended.length === 0 &&
        prior.state === 'rejected' &&
        after.state === 'accepted' &&
        s.log.some(
          (e) =>
            e.correctionId === id &&
            e.decision === 'accepted' &&
            same(e.decidedBy, after.decidedBy) &&
            same(e.decidedAt, after.decidedAt),
        )
      )
    ) {
      if (appended.length !== 1) return 'decides without one log entry';
      if (!same(prior.decidedBy, after.decidedBy) && who(after.decidedBy) !== user) return 'decides in another name';
      if (prior.state === 'proposed' && (who(after.decidedBy) !== user || !after.decidedAt))
        return 'decides in another name';
      if (future(after.decidedAt, now)) return 'dates the future';
    }
  }
  const review = reviewRule(user, before, after, ruleOn(s) || ruleOn(b), false);
  if (review) return review;
  const ignore = new Set([
    'thread',
    'resolved',
    'resolvedBy',
    'resolvedAt',
    'state',
    'decidedBy',
    'decidedAt',
    'updatedAt',
    'updatedBy',
  ]);
  for (const key of new Set([...Object.keys(prior), ...Object.keys(after)])) {
    if (ignore.has(key) || same(prior[key], after[key])) continue;
    const judging =
      prior.kind === 'claim' &&
      ['verdict', 'rationale', 'status', 'assignee', 'verdictBy', 'verdictAt', 'checkedBy'].includes(key);
    if (!may(role, judging ? 'judge' : 'change', own)) return `changes ${key} of what is not theirs`;
  }
  return null;
}

/** True when the update carries text at all (an acceptance merged into a removed paragraph shows none). */
function writesText(update: Uint8Array): boolean {
  return Y.decodeUpdate(update).structs.some((s) => s instanceof Y.Item && s.content instanceof Y.ContentString);
}

function visibleText(doc: Y.Doc): string {
  return doc.getXmlFragment('article').toString();
}

function newStructClients(before: Y.Doc, after: Y.Doc): Set<number> {
  const out = new Set<number>();
  const old = Y.decodeStateVector(Y.encodeStateVector(before));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(after)))
    if (clock > (old.get(client) ?? 0)) out.add(client);
  const pending = after.store.pendingStructs;
  if (pending) for (const s of Y.decodeUpdateV2(pending.update).structs) out.add(s.id.client);
  if (after.store.pendingDs) for (const c of Y.decodeUpdateV2(after.store.pendingDs).ds.clients.keys()) out.add(c);
  return out;
}

/** What `update` from `user` with `role` does to `world`, and whether the role allows it. */
export function oracle(
  world: World & { before?: Snapshot | string },
  update: Uint8Array,
  user: string,
  role: Role,
): OracleVerdict {
  world.before ??= snapshot(docOf(world.base));
  const s = world.before;
  if (typeof s === 'string') throw new Error(`The world itself is broken: ${s}`);
  const baseDoc = docOf(world.base);
  const doc = docOf(world.base);
  try {
    Y.applyUpdate(doc, update);
  } catch {
    return { changed: true, unauthorized: 'Yjs cannot read it' };
  }
  const pending = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
  const clients = newStructClients(baseDoc, doc);
  const b = snapshot(doc);
  // A client id no one owned yet becomes the sender's when the update writes under it: its next edit is theirs.
  const theirs = (client: number) => (world.owners.get(client) ?? (clients.has(client) ? user : undefined)) === user;
  const damaged = world.nextEdits.filter(({ client, update: next, marker }) => {
    try {
      Y.applyUpdate(doc, next);
    } catch {
      // Yjs itself fails on the next edit: the update broke the document for that writer (a sender may
      // break their own future edits; the server's gate then refuses those, and the document is safe).
      return !theirs(client);
    }
    return !theirs(client) && !visibleText(doc).includes(marker);
  });
  const foreign = [...clients].filter((c) => world.owners.has(c) && world.owners.get(c) !== user);
  const fail = (why: string): OracleVerdict => ({ changed: true, unauthorized: why });
  if (typeof b === 'string') return fail(b);
  if (damaged.length > 0) return fail(`a colleague's next edit vanishes (client ${damaged[0]?.client})`);
  if (foreign.length > 0) return fail(`writes under a colleague's client id ${foreign[0]}`);
  const article =
    s.structure !== b.structure || s.text !== b.text || s.formatting.some((f, i) => f !== b.formatting[i]);
  const spans = new Set<string>();
  if (!article) {
    s.marks.forEach((set, i) => {
      const other = b.marks[i] ?? new Set<string>();
      for (const m of set) if (!other.has(m)) spans.add(m.slice(m.indexOf(':') + 1));
      for (const m of other) if (!set.has(m)) spans.add(m.slice(m.indexOf(':') + 1));
    });
  }
  const changedBodies = [...new Set([...s.bodies.keys(), ...b.bodies.keys()])].filter(
    (id) => !same(s.bodies.get(id), b.bodies.get(id)),
  );
  const changedSources = [...new Set([...s.sources.keys(), ...b.sources.keys()])].filter(
    (id) => !same(s.sources.get(id), b.sources.get(id)),
  );
  const settings = s.settings !== b.settings;
  const log = !same(s.log, b.log);
  const changed =
    article ||
    spans.size > 0 ||
    changedBodies.length + changedSources.length > 0 ||
    settings ||
    log ||
    pending ||
    clients.size > 0;
  if (!changed) return { changed: false, unauthorized: null };
  if (!may(role, 'annotate')) return fail('a viewer changes something');
  if (pending && !may(role, 'editArticle')) return fail('leaves changes pending');
  if (article && !may(role, 'editArticle')) return fail('changes the article');
  const existed = (id: string) => baseDoc.getMap('annotations')._map.has(id);
  for (const id of spans) {
    const body = s.bodies.get(id) ?? b.bodies.get(id);
    // Marks of an annotation removed meanwhile name nobody (a concurrent remove and re-attach).
    if (!body && existed(id) && may(role, 'annotate')) continue;
    if (!body ? !may(role, 'editArticle') : !may(role, 'change', who(body.author) === user))
      return fail(`moves the span of ${id}`);
  }
  for (const id of changedBodies) {
    const why = bodyRule(
      role,
      user,
      id,
      s.bodies.get(id) ?? null,
      b.bodies.get(id) ?? null,
      s,
      b,
      world.now,
      existed(id),
    );
    if (why) return fail(`${why} (${id})`);
  }
  for (const id of changedSources) {
    const before = s.sources.get(id);
    const after = b.sources.get(id);
    if (!before) {
      if (!may(role, 'annotate')) return fail('adds a source');
      const restored = baseDoc.getMap('sources')._map.has(id) && may(role, 'change', false);
      if (!restored && (who(after?.createdBy) !== user || future(after?.createdAt, world.now)))
        return fail('adds a source in another name');
    } else if (!may(role, 'change', who(before.createdBy) === user)) return fail('changes a source that is not theirs');
    else if (after && (!same(before.createdBy, after.createdBy) || !same(before.createdAt, after.createdAt)))
      return fail('rewrites who added a source');
  }
  if (settings) {
    const [was, now] = [JSON.parse(s.settings) as Json, JSON.parse(b.settings) as Json];
    for (const key of new Set([...Object.keys(was), ...Object.keys(now)])) {
      if (same(was[key], now[key])) continue;
      const action = key === 'ratingScale' ? 'changeScale' : key === 'reviewRule' ? 'setReviewRule' : 'describe';
      if (!may(role, action)) return fail(`changes the setting ${key}`);
      const rule = now[key] as Json | undefined;
      if (key === 'reviewRule' && (who(rule?.by) !== user || future(rule?.at, world.now)))
        return fail('sets the review rule in another name');
    }
  }
  if (log && !may(role, 'decideCorrection')) return fail('writes the corrections log');
  if (log) {
    const appended = b.log.filter((e) => !s.log.some((f) => same(e, f)));
    for (const e of appended) {
      const after = b.bodies.get(String(e.correctionId));
      if (after?.state === 'proposed') return fail('logs a decision it does not make');
      if (who(e.decidedBy) !== user || future(e.decidedAt, world.now)) return fail('logs a decision in another name');
      const covered = [...b.text]
        .filter((_, i) => [...(b.marks[i] ?? [])].some((m) => m.endsWith(`:${e.correctionId}`)))
        .join('');
      if (e.decision === 'accepted' && !article && covered !== after?.proposed && !writesText(update))
        return fail('logs an acceptance without replacing the text');
    }
    const removed = s.log.filter((e) => !b.log.some((f) => same(e, f)));
    for (const e of removed) {
      const before = s.bodies.get(String(e.correctionId));
      const after = b.bodies.get(String(e.correctionId));
      if (after?.state !== 'proposed' || before?.state === 'proposed') return fail('erases a decision');
    }
  }
  return { changed, unauthorized: null };
}
