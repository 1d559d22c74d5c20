/**
 * The update gate: whether a person may apply a Yjs update to a document,
 * decided from what the update does when Yjs applies it to a trial copy —
 * never from a guess at where its bytes would land.
 */
import * as Y from 'yjs';
import { ANNOTATIONS_MAP, CAPTURES_MAP, HINT_DECISIONS_MAP, SETTINGS_MAP, SOURCES_MAP } from '../layout.ts';
import { may, type Role } from '../policy.ts';
import { articleChange } from './article-rules.ts';
import { checkLog, logChange } from './decision-rules.ts';
import { applyAndRead, type Effects } from './effects.ts';
import { layoutRefusal } from './layout-rules.ts';
import { type BodyChange, entryJSON, type RecordContext, touchedKeys } from './record-context.ts';
import { checkBodies, checkHintDecisions, checkSettings, checkSources } from './record-rules.ts';
import { describeAnnotation, type Refusal, refuse } from './refusal.ts';
import { holdsDeletion, holdsItems } from './store-holds.ts';
import { structureRefusal } from './structure-rules.ts';
import { forgetTriedUpdates, prepareTrialCopy, trialCopy, trialCopyBuilt } from './trial-copy.ts';
import { isWholeV1Update } from './update-format.ts';

/** Who sends an update. */
export interface Sender {
  userId: string;
  role: Role;
}

/** What the gate knows beside the document. */
export interface GateOptions {
  /** Which user each Yjs client id has written as (see {@link GateVerdict} `claims`). */
  owners?: ReadonlyMap<number, string>;
  /** The server's clock in milliseconds (default: now). */
  now?: number;
  /**
   * True when the caller has found with {@link addsNothing} that the update holds something the document lacks, so
   * that it is not decoded for that again (a wrong true costs only the trial copy's work: the verdict is the same).
   */
  addsSomething?: boolean;
}

/**
 * The gate's answer for one update. When accepted: whether it changes
 * anything (an update that changes nothing need not be stored), the
 * annotation bodies it changes (for the audit trail), and the client ids it
 * writes under that nobody owned yet (they now belong to the sender).
 */
export type GateVerdict =
  | { ok: true; changes: boolean; bodyChanges: BodyChange[]; claims: number[] }
  | ({ ok: false } & Refusal);

function ownership(doc: Y.Doc, update: Uint8Array, sender: Sender, owners: ReadonlyMap<number, string>) {
  const meta = Y.parseUpdateMeta(update);
  const claims: number[] = [];
  for (const [client, to] of meta.to) {
    // What the document holds of `client` already (read from its store: no encoding of its whole state vector).
    if (to <= Y.getState(doc.store, client)) continue;
    const owner = owners.get(client);
    if (owner !== undefined && owner !== sender.userId) {
      return refuse('client_id', 'Your copy writes under an id that belongs to a colleague: reload to get your own');
    }
    if (owner === undefined) claims.push(client);
  }
  return claims;
}

function markProblem(ctx: RecordContext, ids: Set<string>): Refusal | null {
  for (const id of ids) {
    const body = entryJSON(ctx.doc, ANNOTATIONS_MAP, id) ?? entryJSON(ctx.copy, ANNOTATIONS_MAP, id);
    if (!body) {
      // A colleague removed it while the sender moved its marks (a concurrent remove and re-attach): the
      // marks name nobody and sign nothing; the span is left without a body (see docs/data-model.md).
      if (ctx.doc.getMap(ANNOTATIONS_MAP)._map.has(id)) continue;
      return refuse('not_yours', 'The change marks text for an annotation that does not exist');
    }
    const author = (body.author as { id?: unknown } | undefined)?.id;
    if (!may(ctx.role, 'change', author === ctx.userId))
      return refuse('not_yours', `Your role can move only your own annotations, not ${describeAnnotation(body)}`);
  }
  return null;
}

function judge(
  doc: Y.Doc,
  copy: Y.Doc,
  update: Uint8Array,
  effects: Effects,
  sender: Sender,
  now: number,
): Refusal | BodyChange[] {
  const { role } = sender;
  if (!may(role, 'annotate')) return refuse('read_only', 'Viewers cannot change the document');
  if (effects.pendingAdded && !may(role, 'editArticle')) {
    return refuse('out_of_sync', 'Your copy refers to changes the server does not have yet: syncing again');
  }
  if (touchedKeys(effects, CAPTURES_MAP).size > 0)
    return refuse('server_only', 'What the server found at a source is recorded by the server; no one can change it');
  for (const touched of effects.inserted) {
    const problem = layoutRefusal(touched);
    if (problem) return problem;
  }
  const broken = structureRefusal(doc, effects);
  if (broken) return broken;
  const article = articleChange(doc, effects);
  const carriesText = () =>
    Y.decodeUpdate(update).structs.some((s) => s instanceof Y.Item && s.content instanceof Y.ContentString);
  const integrated = (client: number, from: number, to: number) => {
    // The clock ranges this update integrated under `client` (items, and content its sender created and deleted
    // at once, which arrives collected), merged: [from, to) must lie within them.
    const ranges = [
      ...[...effects.inserted, ...effects.insertedDeleted]
        .filter((t) => t.item.id.client === client)
        .map((t) => [t.item.id.clock, t.item.id.clock + t.item.length] as const),
      ...effects.collected.filter((g) => g.client === client).map((g) => [g.clock, g.clock + g.length] as const),
    ].sort((x, y) => x[0] - y[0]);
    let reached = from;
    for (const [start, end] of ranges) if (start <= reached && end > reached) reached = end;
    return reached >= to;
  };
  const ctx: RecordContext = { userId: sender.userId, role, now, doc, copy, article, carriesText, integrated };
  if (!may(role, 'editArticle') && (article.content || article.otherFormatting))
    return refuse('article_text', "Commenters cannot change the article's text");
  const log = logChange(effects);
  const bodies = checkBodies(ctx, touchedKeys(effects, ANNOTATIONS_MAP), log);
  if (!Array.isArray(bodies)) return bodies;
  const other =
    checkLog(ctx, log, bodies) ??
    checkSources(ctx, touchedKeys(effects, SOURCES_MAP)) ??
    checkHintDecisions(ctx, touchedKeys(effects, HINT_DECISIONS_MAP)) ??
    checkSettings(ctx, touchedKeys(effects, SETTINGS_MAP)) ??
    (may(role, 'editArticle') ? null : markProblem(ctx, article.marks));
  return other ?? bodies;
}

/**
 * May `sender` apply `update` to `doc`? The update is applied to a trial copy
 * that follows the document, and judged by what Yjs did there:
 * - nothing may be written under a client id another user owns, nor deleted
 *   there before it exists;
 * - everything written must fit the document's layout, for every role;
 * - below editor, nothing may be left pending, and the article may change
 *   only by annotation marks the sender may add or remove;
 * - bodies, sources, settings and the log follow the role policy, name the
 *   sender wherever they say who did something, and carry no future times;
 *   correction decisions are whole.
 * Never throws: bytes that are not an update are `malformed`. After an
 * accepted update, apply it to `doc` (or call {@link forgetTriedUpdates}).
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, sender: Sender, options: GateOptions = {}): GateVerdict {
  const now = options.now ?? Date.now();
  if (!isWholeV1Update(update)) {
    return { ok: false, ...refuse('malformed', 'Not a Yjs update in the encoding the server reads') };
  }
  let claims: number[] | Refusal;
  try {
    claims = ownership(doc, update, sender, options.owners ?? new Map());
  } catch (error) {
    return { ok: false, ...refuse('malformed', `Not a Yjs update: ${(error as Error).message}`) };
  }
  if (!Array.isArray(claims)) return { ok: false, ...claims };
  // A client's reply when it has nothing the server lacks (every sync starts with one): no copy to try it on.
  if (!options.addsSomething && addsNothing(doc, update))
    return { ok: true, changes: false, bodyChanges: [], claims: [] };
  const trial = trialCopy(doc);
  const copy = trial.current();
  let effects: Effects;
  try {
    effects = applyAndRead(copy, update);
  } catch (error) {
    trial.drop();
    return { ok: false, ...refuse('malformed', `Not a Yjs update: ${(error as Error).message}`) };
  }
  if (effects.misplaced > 0) {
    trial.drop();
    return {
      ok: false,
      ...refuse('malformed', 'The change places content between neighbours in another part of the document'),
    };
  }
  const changes =
    effects.inserted.length + effects.insertedDeleted.length + effects.deleted.length > 0 || effects.pendingAdded;
  if (!changes) return { ok: true, changes: false, bodyChanges: [], claims: [] };
  for (const client of effects.pendingDeleteClients) {
    const owner = options.owners?.get(client);
    if (owner !== undefined && owner !== sender.userId) {
      trial.drop();
      return { ok: false, ...refuse('client_id', "Your copy deletes a colleague's changes before they were made") };
    }
  }
  const verdict = judge(doc, copy, update, effects, sender, now);
  if (!Array.isArray(verdict)) {
    // The copy now holds a refused update: it no longer matches the document.
    trial.drop();
    return { ok: false, ...verdict };
  }
  return { ok: true, changes: true, bodyChanges: verdict, claims };
}

/**
 * True when `update` is a whole update that holds nothing `doc` lacks: only
 * structs the document has integrated already, and deletions of what it has
 * deleted already (Yjs would skip it all; a client's sync reply carries every
 * deletion it knows of). Cheap: it reads the update and looks up each of its
 * ranges. False for anything else, malformed bytes included (the gate judges
 * those).
 */
export function addsNothing(doc: Y.Doc, update: Uint8Array): boolean {
  if (!isWholeV1Update(update)) return false;
  try {
    const { structs, ds } = Y.decodeUpdate(update);
    if (!structs.every((s) => holdsItems(doc, s.id.client, s.id.clock + s.length))) return false;
    for (const [client, ranges] of ds.clients)
      for (const { clock, len } of ranges) if (!holdsDeletion(doc, client, clock, len)) return false;
    return true;
  } catch {
    return false;
  }
}

export { forgetTriedUpdates, prepareTrialCopy, trialCopyBuilt };
