/**
 * The claim finder's plugin state: answers become underlines, an answer that
 * draws what is already drawn changes nothing (so the view redraws nothing on
 * a keystroke's answer), one that changes a hint replaces that underline only,
 * and decisions hide hints.
 */
import { asSyncTransaction } from '@factmark/collab';
import { articleFromText } from '@factmark/editor';
import type { Fragment } from 'prosemirror-model';
import { EditorState, type Transaction } from 'prosemirror-state';
import type { Decoration } from 'prosemirror-view';
import { describe, expect, it, vi } from 'vitest';
import { FakeWorker, hintOn } from '../test-support/hints.ts';
import { HintAnalysis } from './hint-analysis.ts';
import { drawAnswer, type HintMeta, hintKey, hintPlugin } from './hint-plugin.ts';

const SENTENCE = 'More than 50,000 soldiers and 140 aircraft took part, the ministry said on Monday.';

function setup() {
  const worker = new FakeWorker();
  let dispatched = 0;
  const view = {
    get state() {
      return state;
    },
    dispatch(tr: Transaction) {
      dispatched++;
      state = state.apply(tr);
    },
  };
  const analysis: HintAnalysis = new HintAnalysis(
    (changed) => drawAnswer(view, analysis, changed),
    () => worker as unknown as Worker,
  );
  const plugin = hintPlugin({
    analysis,
    act: () => false,
    keys: { accept: 'Mod-Alt-Enter', dismiss: 'Mod-Alt-d' },
    onChange: () => {},
    onDocChanged: () => {},
  });
  let state = EditorState.create({ doc: articleFromText(SENTENCE, 'Drills'), plugins: [plugin] });
  analysis.update(state.doc);
  const body = () => analysis.blocks(state.doc)[1] as { key: number; start: number };
  const drawn = () => hintKey.getState(state)?.decorations.find() ?? [];
  const texts = (ds: Decoration[]) => ds.map((d) => state.doc.textBetween(d.from, d.to)).sort();
  return {
    analysis,
    worker,
    get state() {
      return state;
    },
    get dispatched() {
      return dispatched;
    },
    type(at: number, text: string) {
      state = state.apply(state.tr.insertText(text, at));
    },
    /** The server's copy arriving as y-prosemirror applies it: one step replacing the whole document. */
    receive(content: Fragment) {
      state = state.apply(asSyncTransaction(state.tr.replaceWith(0, state.doc.content.size, content)));
    },
    decide(decided: Set<string>) {
      const meta: HintMeta = { decided };
      state = state.apply(state.tr.setMeta(hintKey, meta));
    },
    body,
    drawn,
    texts,
  };
}

describe('hint underlines', () => {
  it('draws each hint of an answer with its kind and reason, in words', () => {
    const t = setup();
    t.worker.answer([
      [
        t.body().key,
        [
          hintOn(SENTENCE, '50,000 soldiers', 'numeric', 'number with what it counts: 50,000 soldiers'),
          hintOn(SENTENCE, 'the ministry said', 'attribution', 'attribution: the ministry said'),
        ],
      ],
    ]);
    expect(t.texts(t.drawn())).toEqual(['50,000 soldiers', 'the ministry said']);
    const titles = t.drawn().map((d) => (d as unknown as { type: { attrs: { title: string } } }).type.attrs.title);
    expect(titles.sort()).toEqual([
      'Attribution: attribution: the ministry said',
      'Number: number with what it counts: 50,000 soldiers',
    ]);
  });

  it("leaves the underlines alone when a keystroke's answer draws what is drawn, and redraws a hint that changed", () => {
    const t = setup();
    const soldiers = hintOn(SENTENCE, '50,000 soldiers', 'numeric', 'number with what it counts: 50,000 soldiers');
    const aircraft = hintOn(SENTENCE, '140 aircraft', 'numeric', 'number with what it counts: 140 aircraft');
    t.worker.answer([[t.body().key, [soldiers, aircraft]]]);
    const before = hintKey.getState(t.state)?.decorations;

    // Typed at the sentence's start: the block is a new node, the worker answers it again with shifted offsets
    // and new keys (its sentence changed), drawn the same.
    t.type(t.body().start, 'Reportedly ');
    const typed = `Reportedly ${SENTENCE}`;
    const mapped = hintKey.getState(t.state)?.decorations;
    const dispatched = t.dispatched;
    t.worker.answer([
      [
        t.body().key,
        [
          { ...hintOn(typed, '50,000 soldiers', 'numeric', soldiers.reason), key: 'numeric:new-sentence-1' },
          { ...hintOn(typed, '140 aircraft', 'numeric', aircraft.reason), key: 'numeric:new-sentence-2' },
        ],
      ],
    ]);
    expect(hintKey.getState(t.state)?.decorations).toBe(mapped);
    expect(t.dispatched).toBe(dispatched);
    expect(mapped).not.toBe(before);

    // Now "140" becomes "150": that underline is replaced, the other is the same decoration as before.
    const soldiersDrawn = t.drawn().find((d) => t.state.doc.textBetween(d.from, d.to) === '50,000 soldiers');
    const at = t.body().start + typed.indexOf('140');
    t.type(at + 1, '5');
    const edited = typed.replace('140', '1540');
    t.worker.answer([
      [
        t.body().key,
        [
          hintOn(edited, '50,000 soldiers', 'numeric', soldiers.reason),
          hintOn(edited, '1540 aircraft', 'numeric', 'number with what it counts: 1540 aircraft'),
        ],
      ],
    ]);
    expect(t.texts(t.drawn())).toEqual(['1540 aircraft', '50,000 soldiers']);
    const same = (d: Decoration) =>
      d.from === soldiersDrawn?.from && d.to === soldiersDrawn.to && d.spec.drawn === soldiersDrawn.spec.drawn;
    expect(t.drawn().some(same)).toBe(true);
    expect(t.drawn()).toHaveLength(2);
  });

  it('hides a decided hint and shows it again when the decision is taken back', () => {
    const t = setup();
    const said = hintOn(SENTENCE, 'the ministry said', 'attribution', 'attribution: the ministry said');
    t.worker.answer([[t.body().key, [said]]]);
    t.decide(new Set([said.key]));
    expect(t.drawn()).toEqual([]);
    t.decide(new Set());
    expect(t.texts(t.drawn())).toEqual(['the ministry said']);
  });

  it("forgets a block's hints when the worker says the block is gone, and draws nothing for a block not in the article", () => {
    const t = setup();
    const key = t.body().key;
    t.worker.answer([[key, [hintOn(SENTENCE, '140 aircraft', 'numeric', 'number: 140 aircraft')]]]);
    t.worker.answer([], [key]);
    expect(t.analysis.results.has(key)).toBe(false);
    const drawnBefore = t.dispatched;
    t.worker.answer([[987654, [hintOn(SENTENCE, '50,000 soldiers', 'numeric', 'number: 50,000 soldiers')]]]);
    expect(t.dispatched).toBe(drawnBefore);
    expect(t.texts(t.drawn())).toEqual(['140 aircraft']);
  });

  it("takes the article's arrival and the desk's decisions before the worker's first answer without a walk, and draws that answer", () => {
    const t = setup();
    // The page opens: nothing drawn yet, and the server's copy replaces the document.
    const own = hintKey.getState(t.state);
    const keyedBlock = vi.spyOn(t.analysis, 'keyedBlock');
    t.receive(articleFromText(`Officials said 140 aircraft flew.\n\n${SENTENCE}`, 'Drills').content);
    expect(hintKey.getState(t.state)).toBe(own);
    // The desk's decisions, read as the page opens: nothing to hide yet either.
    t.decide(new Set(['a decision taken before']));
    expect(hintKey.getState(t.state)?.decorations.find()).toEqual([]);
    expect(keyedBlock).not.toHaveBeenCalled();
    keyedBlock.mockRestore();

    // The worker's first answer, for the article that arrived, is drawn.
    t.analysis.update(t.state.doc);
    const [, first, second] = t.analysis.blocks(t.state.doc) as { key: number }[];
    t.worker.answer([
      [
        first?.key as number,
        [hintOn('Officials said 140 aircraft flew.', 'Officials said', 'attribution', 'attribution: officials said')],
      ],
      [second?.key as number, [hintOn(SENTENCE, '140 aircraft', 'numeric', 'number: 140 aircraft')]],
    ]);
    expect(t.texts(t.drawn())).toEqual(['140 aircraft', 'Officials said']);
  });

  it("keeps the underlines of blocks a colleague's change did not touch, at their new places, and drops the changed block's until the worker answers", () => {
    const analysis: HintAnalysis = new HintAnalysis(
      (changed) => drawAnswer(view, analysis, changed),
      () => worker as unknown as Worker,
    );
    const worker = new FakeWorker();
    const paragraphs = ['The ministry said on Monday.', SENTENCE, 'Officials said 140 aircraft flew.'];
    let state = EditorState.create({
      doc: articleFromText(paragraphs.join('\n\n'), 'Drills'),
      plugins: [
        hintPlugin({
          analysis,
          act: () => false,
          keys: { accept: 'Mod-Alt-Enter', dismiss: 'Mod-Alt-d' },
          onChange: () => {},
          onDocChanged: () => {},
        }),
      ],
    });
    const view = {
      get state() {
        return state;
      },
      dispatch(tr: Transaction) {
        state = state.apply(tr);
      },
    };
    analysis.update(state.doc);
    const [, first, second, third] = analysis.blocks(state.doc) as { key: number }[];
    worker.answer([
      [
        first?.key as number,
        [hintOn(paragraphs[0] as string, 'The ministry said', 'attribution', 'attribution: the ministry said')],
      ],
      [second?.key as number, [hintOn(SENTENCE, '140 aircraft', 'numeric', 'number: 140 aircraft')]],
      [
        third?.key as number,
        [hintOn(paragraphs[2] as string, 'Officials said', 'attribution', 'attribution: officials said')],
      ],
    ]);
    const drawnTexts = () =>
      (hintKey.getState(state)?.decorations.find() ?? []).map((d) => state.doc.textBetween(d.from, d.to)).sort();
    expect(drawnTexts()).toEqual(['140 aircraft', 'Officials said', 'The ministry said']);

    // The colleague's copy: the first paragraph edited, the others the very same nodes (as y-prosemirror keeps them).
    const firstPos = 1 + (state.doc.firstChild?.nodeSize ?? 0);
    const edited = state.apply(state.tr.insertText('Late on Sunday, ', firstPos)).doc;
    const remote = asSyncTransaction(state.tr.replaceWith(0, state.doc.content.size, edited.content));
    const before = hintKey.getState(state)?.decorations;
    view.dispatch(remote);
    expect(drawnTexts()).toEqual(['140 aircraft', 'Officials said']);

    // The same document again (a colleague's presence, say): nothing redrawn.
    const same = hintKey.getState(state)?.decorations;
    view.dispatch(asSyncTransaction(state.tr.replaceWith(0, state.doc.content.size, state.doc.content)));
    expect(hintKey.getState(state)?.decorations).toBe(same);
    expect(same).not.toBe(before);

    // The worker answers the edited paragraph: its underline comes back.
    analysis.update(state.doc);
    const editedKey = (analysis.blocks(state.doc)[1] as { key: number }).key;
    const text = `Late on Sunday, ${paragraphs[0]}`;
    worker.answer([[editedKey, [hintOn(text, 'The ministry said', 'attribution', 'attribution: the ministry said')]]]);
    expect(drawnTexts()).toEqual(['140 aircraft', 'Officials said', 'The ministry said']);
  });
});
