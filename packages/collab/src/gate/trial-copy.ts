/**
 * The trial copy: a copy of a document that follows it, on which the gate
 * applies each update first to read what it does.
 */
import * as Y from 'yjs';
import { holdsTransaction } from './store-holds.ts';

/** Updates a validation copy may fall behind by before it is dropped (and built again when next needed). */
const MAX_PENDING_BYTES = 1 << 20;

/**
 * A copy of a document that follows it, to try updates on before they are
 * applied. Building a copy costs a full encoding of the document (hundreds of
 * milliseconds for a long article with thousands of annotations), so it is
 * built once and then fed the document's own updates, lazily: they are
 * applied when the next update is tried (an update the copy already has is
 * skipped by Yjs). A copy that took a refused update no longer matches the
 * document and is dropped.
 */
class TrialCopy {
  private copy: Y.Doc | null = null;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(private readonly doc: Y.Doc) {
    doc.on('update', this.onUpdate);
    doc.on('destroy', () => this.drop());
  }

  private onUpdate = (update: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction): void => {
    // An update the gate tried here and then accepted is in the copy already: applying it again would change
    // nothing, at the price of a transaction of its own on the copy (a fifth of the gate's time on a typed key).
    if (!this.copy || holdsTransaction(this.copy, tr)) return;
    this.pending.push(update);
    this.pendingBytes += update.length;
    if (this.pendingBytes > MAX_PENDING_BYTES) this.drop();
  };

  /** The copy, up to date with the document (`state`: the document's whole state, when the caller has it already). */
  current(state?: Uint8Array): Y.Doc {
    if (!this.copy) {
      this.copy = new Y.Doc({ gc: this.doc.gc });
      Y.applyUpdate(this.copy, state ?? Y.encodeStateAsUpdate(this.doc));
    } else {
      for (const update of this.pending) Y.applyUpdate(this.copy, update);
    }
    this.pending = [];
    this.pendingBytes = 0;
    return this.copy;
  }

  /** Whether the copy is built (the next update is tried on it without a whole encoding of the document). */
  get built(): boolean {
    return this.copy !== null;
  }

  drop(): void {
    this.copy?.destroy();
    this.copy = null;
    this.pending = [];
    this.pendingBytes = 0;
  }
}

const copies = new WeakMap<Y.Doc, TrialCopy>();

export function trialCopy(doc: Y.Doc): TrialCopy {
  let copy = copies.get(doc);
  if (!copy) {
    copy = new TrialCopy(doc);
    copies.set(doc, copy);
  }
  return copy;
}

/**
 * Build the copy the gate tries updates on now, if it is not built yet: a
 * server calls it when a document has loaded and its first readers are
 * served, so that the first edit does not wait for a whole copy of the
 * document (hundreds of milliseconds on a long article). `state`: the
 * document's whole state, when the caller has encoded it already.
 */
export function prepareTrialCopy(doc: Y.Doc, state?: Uint8Array): void {
  trialCopy(doc).current(state);
}

/** Whether the copy the gate tries updates on is built for `doc` (see {@link prepareTrialCopy}). */
export function trialCopyBuilt(doc: Y.Doc): boolean {
  return copies.get(doc)?.built ?? false;
}

/**
 * Forget the copy the gate tried updates on: call it when an
 * update it accepted is not applied after all (storing it failed), since the
 * copy holds it and the document does not.
 */
export function forgetTriedUpdates(doc: Y.Doc): void {
  copies.get(doc)?.drop();
}
