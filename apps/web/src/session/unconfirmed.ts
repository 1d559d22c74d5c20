/**
 * Changes the server has not confirmed yet: every command run through the
 * session is recorded (method, arguments, what it created, the words it was
 * made on) until the server acknowledges everything sent. After a refusal
 * they are replayed on the server's copy where the role still allows them,
 * and listed, in words, where it does not.
 */
import {
  type Action,
  annotationBodies,
  bodyJSON,
  describeAnnotation,
  type FactCheck,
  may,
  type Role,
  sourceLibrary,
} from '@factmark/collab';
import type { Node as PMNode } from 'prosemirror-model';
import { TextSelection } from 'prosemirror-state';
import * as Y from 'yjs';

/** One command the server has not confirmed. */
export interface PendingChange {
  method: string;
  args: unknown[];
  /** What the command returned (the id of what it created). */
  result?: unknown;
  /** The selected text a creating command was run on. */
  quote?: string;
  /** The change, in words a person knows. */
  label: string;
}

/** Commands that create on the selection, and what the policy calls each command. */
const CREATING = new Set(['markClaim', 'cite', 'proposeCorrection', 'addComment']);
const ACTIONS: Record<string, Action> = {
  markClaim: 'annotate',
  cite: 'annotate',
  proposeCorrection: 'annotate',
  addComment: 'annotate',
  reply: 'annotate',
  resolve: 'annotate',
  reopen: 'annotate',
  addSource: 'annotate',
  setVerdict: 'judge',
  setRationale: 'judge',
  setStatus: 'judge',
  setAssignee: 'judge',
  setStatement: 'change',
  editText: 'change',
  addSourceToClaim: 'change',
  removeSourceFromClaim: 'change',
  remove: 'change',
  reattach: 'change',
  updateSource: 'change',
  deleteSource: 'change',
  acceptCorrection: 'decideCorrection',
  rejectCorrection: 'decideCorrection',
  setRatingScale: 'changeScale',
};

function bodyOf(doc: Y.Doc, id: unknown): Record<string, unknown> | null {
  const map = typeof id === 'string' ? annotationBodies(doc).get(id) : undefined;
  return map instanceof Y.Map && typeof id === 'string' ? bodyJSON(map, id) : null;
}

function short(text: unknown): string {
  const s = String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/** The words for a command about to run on `doc` (with `quote` selected). */
function describe(doc: Y.Doc, method: string, args: unknown[], quote: string): string {
  const on = describeAnnotation(bodyOf(doc, args[0]));
  switch (method) {
    case 'markClaim':
      return `A claim on “${short(quote)}”`;
    case 'addComment':
      return `A comment on “${short(quote)}”: ${String(args[0])}`;
    case 'proposeCorrection':
      return `A correction of “${short(quote)}” to “${short((args[0] as { proposed?: string })?.proposed)}”`;
    case 'cite':
      return `A citation on “${short(quote)}”`;
    case 'reply':
      return `A reply on ${on}: ${String(args[1])}`;
    case 'setRationale':
      return `The rationale of ${on}: ${String(args[1])}`;
    case 'setStatement':
      return `The statement of ${on}: ${String(args[1])}`;
    case 'editText':
      return `The ${String(args[1])} of ${on}: ${short(args[2])}`;
    case 'setVerdict':
      return `The verdict “${short(args[1] ?? 'none')}” on ${on}`;
    case 'addSource':
      return `The source “${short((args[0] as { title?: string })?.title)}”`;
    default:
      return `${method.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)} on ${on}`;
  }
}

/** A view of `factCheck` that records every command run through it into `record`. */
export function recording(factCheck: FactCheck, record: (change: PendingChange) => void): FactCheck {
  return new Proxy(factCheck, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !(key in ACTIONS) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const { state } = target.view;
        const quote = state.doc.textBetween(state.selection.from, state.selection.to, ' ');
        const label = describe(target.doc, key, args, quote);
        const before = Y.encodeStateVector(target.doc);
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        const after = Y.encodeStateVector(target.doc);
        if (before.length !== after.length || before.some((b, i) => b !== after[i])) {
          record({ method: key, args, result, ...(CREATING.has(key) ? { quote } : {}), label });
        }
        return result;
      };
    },
  });
}

/** The paragraphs of the article as typed here, kept when the server refused text it had not confirmed. */
export function articleText(doc: PMNode): PendingChange {
  const paragraphs: string[] = [];
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    if (node.textContent.trim() !== '') paragraphs.push(node.textContent);
    return false;
  });
  return { method: 'articleText', args: paragraphs, label: 'Text you typed in the article' };
}

/** The paragraphs typed in the refused session that the server's copy does not have, one change each. */
function lostText(factCheck: FactCheck, change: PendingChange): PendingChange[] {
  const present = new Set<string>();
  factCheck.view.state.doc.descendants((node) => {
    if (!node.isTextblock) return true;
    present.add(node.textContent);
    return false;
  });
  return (change.args as string[])
    .filter((p) => !present.has(p))
    .map((p) => ({ method: 'articleText', args: [p], label: `Text you typed in the article: ${p}` }));
}

/** The id of the person who created what `change` acts on, if anyone. */
function ownerOf(doc: Y.Doc, change: PendingChange): unknown {
  if (change.method === 'updateSource' || change.method === 'deleteSource') {
    const source = sourceLibrary(doc).get(String(change.args[0]));
    return (source?.get('createdBy') as { id?: unknown } | undefined)?.id;
  }
  return (bodyOf(doc, change.args[0])?.author as { id?: unknown } | undefined)?.id;
}

/** True when what `change` made is already in `doc` (it reached the server before the refusal). */
function alreadyThere(doc: Y.Doc, change: PendingChange): boolean {
  if (CREATING.has(change.method)) return bodyOf(doc, change.result) !== null;
  if (change.method === 'addSource') return sourceLibrary(doc).has(String(change.result));
  if (change.method === 'reply') {
    const thread = (bodyOf(doc, change.args[0])?.thread as { id?: unknown }[] | undefined) ?? [];
    return thread.some((m) => m.id === change.result);
  }
  return false;
}

/** What happened to one change on replay. */
export type ReplayOutcome = 'applied' | 'already there' | 'not allowed' | 'failed';

/**
 * Make `changes` again on `factCheck` (the server's copy) as `userId` with `role`; returns the ones that
 * could not be made, in words (text typed in the article is never typed again: its paragraphs the
 * server's copy lacks are listed, to copy).
 */
export function replayAll(factCheck: FactCheck, changes: PendingChange[], role: Role, userId: string): PendingChange[] {
  const notKept: PendingChange[] = [];
  for (const change of changes) {
    if (change.method === 'articleText') notKept.push(...lostText(factCheck, change));
    else if (['not allowed', 'failed'].includes(replay(factCheck, change, role, userId))) notKept.push(change);
  }
  return notKept;
}

/** Replay `change` on `factCheck` (the server's copy), as `userId` with `role`. */
export function replay(factCheck: FactCheck, change: PendingChange, role: Role, userId: string): ReplayOutcome {
  const doc = factCheck.doc;
  if (alreadyThere(doc, change)) return 'already there';
  const action = ACTIONS[change.method];
  const own = CREATING.has(change.method) || change.method === 'addSource' ? true : ownerOf(doc, change) === userId;
  if (!action || !may(role, action, own)) return 'not allowed';
  try {
    if (change.quote !== undefined) {
      const view = factCheck.view;
      let from = -1;
      view.state.doc.descendants((node, pos) => {
        if (from >= 0 || !node.isTextblock) return from < 0;
        const at = node.textContent.indexOf(change.quote as string);
        if (at >= 0) from = pos + 1 + at;
        return false;
      });
      if (from < 0) return 'failed';
      view.dispatch(
        view.state.tr.setSelection(TextSelection.create(view.state.doc, from, from + (change.quote as string).length)),
      );
    }
    (factCheck[change.method as keyof FactCheck] as (...a: unknown[]) => unknown).apply(factCheck, change.args);
    return 'applied';
  } catch {
    return 'failed';
  }
}
