/**
 * The claim finder's list as the margin shows it: its summary line counts the
 * undecided hints of the worker's latest answers, closed (counted without
 * walking the article) and opened (the hints in article order) alike, after
 * answers, decisions and edits.
 */
import { asSyncTransaction, hintDecisionMap } from '@factmark/collab';
import { articleFromText } from '@factmark/editor';
import { EditorState, type PluginView, type Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { FakeWorker, hintOn as placedOn } from '../test-support/hints.ts';
import type { AnalyseRequest, BlockHint } from './hint-protocol.ts';
import { HintSession } from './hint-session.ts';

const PARAGRAPHS = [
  'More than 50,000 soldiers and 140 aircraft took part in malicious or malicious drills.',
  'The ministry said on Monday that 12 ships would follow.',
  'Officials counted 300 vehicles and 40 drones on the roads.',
];

/** A hint on `text` inside `block`, under a key a decision may be kept under (letters, digits and dashes). */
const hintOn = (block: string, text: string, kind: BlockHint['kind']) =>
  placedOn(block, text, kind, `${kind}: ${text}`, `${kind}-${block.indexOf(text)}-${text.length}`);

function setup() {
  const doc = new Y.Doc();
  const worker = new FakeWorker();
  const pluginViews: PluginView[] = [];
  let state: EditorState;
  // A view as far as the session uses one: its state, dispatch, and the plugin views' updates.
  const view = {
    get state() {
      return state;
    },
    dispatch(tr: Transaction) {
      const before = state;
      state = state.apply(tr);
      for (const pluginView of pluginViews) pluginView.update?.(view as unknown as EditorView, before);
    },
    focus() {},
  };
  const session = new HintSession(
    doc,
    {
      view: view as unknown as EditorView,
      run: () => undefined,
      canAnnotate: () => true,
      getSnapshot: () => ({ ready: true }),
      subscribe: () => () => {},
    },
    () => worker as unknown as Worker,
  );
  state = EditorState.create({ doc: articleFromText(PARAGRAPHS.join('\n\n'), 'Drills'), plugins: [session.plugin] });
  pluginViews.push(session.plugin.spec.view?.(view as unknown as EditorView) as PluginView);
  /** The summary line closed, and the summary and hints opened (the list is closed again after). */
  const read = () => {
    const closed = session.current().summary;
    const close = session.watchList();
    const opened = session.current();
    close();
    return { closed, opened: opened.summary, hints: opened.hints.map((h) => h.text) };
  };
  return { doc, worker, session, view, read };
}

describe('the claim finder list', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts the undecided hints of the latest answers, closed as opened, through decisions and edits', async () => {
    const { doc, worker, view, read } = setup();
    await Promise.resolve();
    vi.advanceTimersByTime(1_000);
    const first = worker.posted[0] as AnalyseRequest;
    const [, one, two, three] = first.texts.map(([key]) => key) as number[];
    const [p1, p2, p3] = PARAGRAPHS as [string, string, string];
    const doubled = hintOn(p1, 'malicious or malicious', 'doubled');
    const ships = hintOn(p2, '12 ships', 'numeric');
    worker.answer([
      [one as number, [hintOn(p1, '50,000 soldiers', 'numeric'), hintOn(p1, '140 aircraft', 'numeric'), doubled]],
      [two as number, [hintOn(p2, 'said on Monday', 'attribution'), ships]],
      [three as number, [hintOn(p3, '300 vehicles', 'numeric'), hintOn(p3, '40 drones', 'numeric')]],
    ]);
    vi.advanceTimersByTime(250);
    expect(read()).toEqual({
      closed: '6 possible claims, 1 possible translation slip',
      opened: '6 possible claims, 1 possible translation slip',
      hints: [
        '50,000 soldiers',
        '140 aircraft',
        'malicious or malicious',
        'said on Monday',
        '12 ships',
        '300 vehicles',
        '40 drones',
      ],
    });

    // Two decisions (by a colleague, say): those hints leave the counts.
    const by = { id: 'u-ada', name: 'Ada' };
    const at = new Date().toISOString();
    hintDecisionMap(doc).set(ships.key, {
      decision: 'dismissed',
      kind: 'numeric',
      text: '12 ships',
      annotationId: null,
      by,
      at,
    });
    hintDecisionMap(doc).set(doubled.key, {
      decision: 'dismissed',
      kind: 'doubled',
      text: doubled.text,
      annotationId: null,
      by,
      at,
    });
    await Promise.resolve();
    vi.advanceTimersByTime(250);
    expect(read()).toMatchObject({
      closed: '5 possible claims, 0 possible translation slips',
      opened: '5 possible claims, 0 possible translation slips',
    });

    // An edit in the last paragraph: its block is posted again and answered with one hint; the old block's are gone.
    const at3 = PARAGRAPHS.slice(0, 2).reduce((n, p) => n + p.length + 2, 'Drills'.length + 2) + 1;
    view.dispatch(view.state.tr.insertText('Reportedly, ', at3));
    vi.advanceTimersByTime(40);
    const edited = worker.posted[1] as AnalyseRequest;
    expect(edited.texts.map(([, text]) => text)).toEqual([`Reportedly, ${p3}`]);
    const [[newKey]] = edited.texts as [[number, string]];
    worker.answer([[newKey, [hintOn(`Reportedly, ${p3}`, '300 vehicles', 'numeric')]]], [three as number]);
    vi.advanceTimersByTime(250);
    expect(read()).toEqual({
      closed: '4 possible claims, 0 possible translation slips',
      opened: '4 possible claims, 0 possible translation slips',
      hints: ['50,000 soldiers', '140 aircraft', 'said on Monday', '300 vehicles'],
    });
  });

  it("posts a colleague's edits less often than one's own, and one's own without waiting for theirs", async () => {
    const { worker, view } = setup();
    await Promise.resolve();
    vi.advanceTimersByTime(1_000);
    expect(worker.posted).toHaveLength(1);
    const end = () => view.state.doc.content.size - 1;
    // A colleague types ten keys a second for a second: their edits arrive as y-prosemirror renders them.
    for (let i = 0; i < 10; i++) {
      view.dispatch(asSyncTransaction(view.state.tr.insertText('x', end())));
      vi.advanceTimersByTime(100);
    }
    const colleague = worker.posted.length - 1;
    expect(colleague).toBeGreaterThanOrEqual(1);
    expect(colleague).toBeLessThanOrEqual(2);
    // Another of theirs, then a key typed here before their post is due: posted 40 ms after this key.
    view.dispatch(asSyncTransaction(view.state.tr.insertText('y', end())));
    vi.advanceTimersByTime(100);
    const before = worker.posted.length;
    view.dispatch(view.state.tr.insertText('z', end()));
    vi.advanceTimersByTime(40);
    expect(worker.posted).toHaveLength(before + 1);
    expect((worker.posted.at(-1) as AnalyseRequest).texts.map(([, text]) => text).join()).toMatch(/xy?z$|y?z$/);
  });
});
