/**
 * The one place that relies on y-prosemirror's private parts (1.3.x): its
 * binding object (`mux`, `_prosemirrorChanged`, `mapping`), the meta it puts
 * on the transactions it dispatches, and how it names the Yjs attribute of a
 * mark. Everything else asks this file.
 */
import * as buffer from 'lib0/buffer';
import * as sha256 from 'lib0/hash/sha256';
import type { Mark, Node as PMNode } from 'prosemirror-model';
import type { EditorState, Transaction } from 'prosemirror-state';
import { AddMarkStep, RemoveMarkStep } from 'prosemirror-transform';
import { absolutePositionToRelativePosition, ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';

/** The parts of y-prosemirror's binding Factmark relies on. */
export interface SyncBinding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  /** Yjs type → the ProseMirror node (or text nodes) it was last rendered as. */
  mapping: Map<Y.AbstractType<unknown>, unknown>;
  /** Runs `f` unless the binding is already inside a write (its mutex). */
  mux: (f: () => void) => void;
  /** Writes the ProseMirror document's changes to Yjs. */
  _prosemirrorChanged: (doc: PMNode) => void;
}

/** The binding of the editor whose state is `state`, or null without y-prosemirror's sync plugin. */
export function syncBindingOf(state: EditorState): SyncBinding | null {
  return (ySyncPluginKey.getState(state) as { binding?: SyncBinding } | undefined)?.binding ?? null;
}

/** True when y-prosemirror's sync plugin is rendering this change (it came from Yjs: a colleague, an undo). */
export function isSyncChange(state: EditorState): boolean {
  return (ySyncPluginKey.getState(state) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
}

/**
 * y-prosemirror stores a mark that may overlap itself under `<name>--<hash>`,
 * an 8-character base64 hash, and reads the name back with this pattern
 * (its `yattr2markname`, not exported from the package).
 */
const HASHED_MARK_NAME = /(.*)(--[a-zA-Z0-9+/=]{8})$/;

/** The mark a Yjs format attribute stands for, exactly as y-prosemirror reads it. */
export function markNameOfAttribute(key: string): string {
  return HASHED_MARK_NAME.exec(key)?.[1] ?? key;
}

/**
 * The attribute key y-prosemirror gives `mark`: its name, and for a mark that
 * may overlap itself `--` and a hash of its JSON (y-prosemirror's
 * `hashOfJSON`: sha-256 of the lib0 encoding, folded to 6 bytes, base64).
 */
export function attributeKeyOfMark(mark: Mark): string {
  if (mark.type.excludes(mark.type)) return mark.type.name;
  const digest = sha256.digest(buffer.encodeAny(mark.toJSON()));
  for (let i = 6; i < digest.length; i++) digest[i % 6] = (digest[i % 6] as number) ^ (digest[i] as number);
  return `${mark.type.name}--${buffer.toBase64(digest.slice(0, 6))}`;
}

/**
 * Write a transaction that only adds or removes marks straight to the Yjs
 * text it changes, one `format` call per mark step with that mark's key
 * alone. y-prosemirror would instead rewrite every attribute of each run it
 * touches, re-asserting what this client last saw of colleagues' marks over
 * their concurrent changes. Returns false (nothing written) when a step is
 * not a mark step or a range does not map to one Yjs text.
 */
export function writeMarkSteps(binding: SyncBinding, before: PMNode, tr: Transaction): boolean {
  const { type: fragment, mapping } = binding;
  const writes: { text: Y.XmlText; index: number; length: number; key: string; value: unknown; pos: number }[] = [];
  for (const step of tr.steps) {
    if (!(step instanceof AddMarkStep || step instanceof RemoveMarkStep)) return false;
    const value = step instanceof AddMarkStep ? step.mark.attrs : null;
    const key = attributeKeyOfMark(step.mark);
    let ok = true;
    before.nodesBetween(step.from, step.to, (node, pos) => {
      if (!ok || !node.isTextblock) return ok;
      const from = Math.max(step.from, pos + 1);
      const to = Math.min(step.to, pos + 1 + node.content.size);
      if (to <= from) return false;
      const start = yPosition(fragment, mapping, from);
      const end = yPosition(fragment, mapping, to);
      if (!start || !end || start.type !== end.type || !(start.type instanceof Y.XmlText)) ok = false;
      else
        writes.push({ text: start.type, index: start.index, length: end.index - start.index, key, value, pos: from });
      return false;
    });
    if (!ok) return false;
  }
  for (const w of writes) w.text.format(w.index, w.length, { [w.key]: w.value });
  // y-prosemirror keeps the ProseMirror node it last built for each Yjs element and reuses it until a
  // remote change touches that element: point the changed blocks and their ancestors at the new nodes.
  const cache = mapping as Map<object, unknown>;
  for (const { text, pos } of writes) {
    cache.delete(text);
    const $pos = tr.doc.resolve(pos);
    let type: unknown = text.parent;
    for (let depth = $pos.depth; depth > 0 && type instanceof Y.XmlElement; depth--) {
      cache.set(type, $pos.node(depth));
      type = type.parent;
    }
  }
  return true;
}

function yPosition(fragment: Y.XmlFragment, mapping: unknown, pos: number) {
  const relative = absolutePositionToRelativePosition(pos, fragment, mapping as never);
  return fragment.doc ? Y.createAbsolutePositionFromRelativePosition(relative, fragment.doc) : null;
}
