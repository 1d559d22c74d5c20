/**
 * The claim finder for one open document: the worker's analysis, the editor
 * plugin, the list the margin shows (an external store React subscribes to)
 * and the actions — make a hint a claim (its statement prefilled) or a
 * correction (its fix prefilled), dismiss it, or take a decision back. Every
 * action goes through FactCheck, so it is checked, shared and undoable.
 */
import { type FactCheck, hintDecisionMap, readHintDecisions } from '@factmark/collab';
import { hintSummary, isSlip, summaryLine } from '@factmark/hints/kinds';
import { type EditorState, TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type * as Y from 'yjs';
import { SHORTCUTS } from '../editor/shortcuts.ts';
import { HintAnalysis } from './hint-analysis.ts';
import {
  drawAnswer,
  type HintMeta,
  hintAtCaret,
  hintKey,
  hintPlugin,
  type PlacedHint,
  placedHints,
} from './hint-plugin.ts';
import type { BlockHint } from './hint-protocol.ts';

/** What the margin's list shows. */
export interface HintList {
  /** Undecided hints in document order. */
  hints: BlockHint[];
  /** Their summary line ("14 possible claims, 3 possible translation slips"): what the closed list shows. */
  summary: string;
  /** Decisions taken, newest first, with the hint's key. */
  decided: { key: string; decision: 'accepted' | 'dismissed'; kind: string; text: string; by: string }[];
  /** The hint under the caret, if any. */
  atCaret: BlockHint | null;
}

const EMPTY: HintList = { hints: [], summary: hintSummary([]), decided: [], atCaret: null };

/** What the claim finder needs of its document session (read when used: the view comes after the plugin). */
export interface HintHost {
  readonly view: EditorView | undefined;
  /** Run a FactCheck command as the session runs it (refusals shown to the person). */
  run<T>(command: (factCheck: FactCheck) => T): T | undefined;
  /** True when the person may annotate (accepting and dismissing hints are annotating). */
  canAnnotate(): boolean;
  /** The session's state (`ready`: the article is here) and its changes: the claim finder starts once it is ready. */
  getSnapshot(): { ready: boolean };
  subscribe(listener: () => void): () => void;
}

/** The first analysis waits this long after the article is here: the worker's start is not on the page's way. */
const FIRST_POST_MS = 1_000;
/** Edits are posted this long after the first one not posted yet (a burst of keys is one post). */
const POST_MS = 40;
/**
 * A colleague's edits are posted this long after the first one not posted yet: their text's hints can wait a moment,
 * and a colleague typing ten keys a second is not analysed ten times a second on every page that shows it (each
 * answer is a redraw of the underlines on this page's main thread, and the worker's time on the machine's cores).
 */
const COLLEAGUE_POST_MS = 500;

/** The claim finder of one document session. */
export class HintSession {
  readonly plugin;
  private readonly analysis: HintAnalysis;
  private list: HintList = EMPTY;
  private readonly listeners = new Set<() => void>();
  private readonly unobserve: () => void;

  constructor(
    private readonly doc: Y.Doc,
    private readonly host: HintHost,
    /** The worker (tests pass a stand-in; by default the claim finder's own, or none where there are no workers). */
    makeWorker?: () => Worker | null,
  ) {
    this.analysis = new HintAnalysis((changed) => {
      const started = performance.now();
      const view = this.host.view;
      // Nothing drawn changed (a keystroke's answer, mostly): no transaction, only the tip and the list follow.
      if (view && !drawAnswer(view, this.analysis, changed)) this.publish(view.state);
      this.analysis.spent(started, 'draw');
    }, makeWorker);
    this.plugin = hintPlugin({
      analysis: this.analysis,
      keys: { accept: SHORTCUTS.hintAccept.keys, dismiss: SHORTCUTS.hintDismiss.keys },
      act: (view, how) => {
        const placed = hintAtCaret(view.state, this.analysis);
        if (!placed || !this.host.canAnnotate()) return false;
        if (how === 'accept') this.acceptPlaced(placed);
        else this.dismiss(placed.hint);
        return true;
      },
      onChange: (state) => this.publish(state),
      onDocChanged: (remote) => this.schedulePost(remote ? COLLEAGUE_POST_MS : POST_MS),
    });
    const startWhenReady = () => {
      if (this.started || !host.getSnapshot().ready) return;
      this.started = true;
      this.schedulePost(FIRST_POST_MS);
    };
    const unready = host.subscribe(startWhenReady);
    queueMicrotask(startWhenReady);
    const decisions = hintDecisionMap(doc);
    const changed = () => this.dispatch({ decided: new Set(readHintDecisions(doc).keys()) });
    decisions.observe(changed);
    this.unobserve = () => {
      decisions.unobserve(changed);
      unready();
    };
    queueMicrotask(changed);
  }

  /** useSyncExternalStore's subscribe. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private watchingList = 0;
  /** True once the article is here (nothing is posted before). */
  private started = false;
  private postTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the post {@link postTimer} waits for is due (performance.now()). */
  private postDue = 0;

  /** Post the article to the worker in `ms`, unless a post is due sooner. */
  private schedulePost(ms: number): void {
    if (!this.started) return;
    const due = performance.now() + ms;
    if (this.postTimer !== null) {
      if (this.postDue <= due) return;
      clearTimeout(this.postTimer);
    }
    this.postDue = due;
    this.postTimer = setTimeout(() => {
      this.postTimer = null;
      const view = this.host.view;
      if (view) this.analysis.update(view.state.doc, view.state.selection.$head);
    }, ms);
  }

  /** The opened list is shown (it renders on every change of the list); returns the function that says it closed. */
  watchList(): () => void {
    this.watchingList++;
    // Closed, the list kept only its counts: bring its hints up to date now.
    if (this.watchingList === 1) this.refreshList();
    return () => {
      this.watchingList--;
    };
  }

  /** useSyncExternalStore's getSnapshot. */
  current = (): HintList => this.list;

  /** Main-thread time the analysis costs (posting changed blocks): total ms and how many posts. */
  get cost(): { ms: number; updates: number } {
    return this.analysis.cost;
  }

  private dispatch(meta: HintMeta): void {
    const view = this.host.view;
    if (view) view.dispatch(view.state.tr.setMeta(hintKey, meta).setMeta('addToHistory', false));
  }

  private publish(state: EditorState): void {
    const own = hintKey.getState(state);
    if (!own) return;
    const atCaret = hintAtCaret(state, this.analysis)?.hint ?? null;
    // The list follows the worker's answers and the decisions, a moment later and never on a keystroke's time.
    if (this.analysis.answers !== this.seen.answers || own.decided !== this.seen.decided) {
      this.seen = { answers: this.analysis.answers, decided: own.decided };
      this.listTimer ??= setTimeout(() => this.refreshList(), 250);
    }
    if (atCaret === this.list.atCaret) return;
    this.list = { ...this.list, atCaret };
    for (const listener of this.listeners) listener();
  }

  private listTimer: ReturnType<typeof setTimeout> | null = null;

  /** Derive the list again (a moment after the worker answered); counted as the claim finder's main-thread time. */
  private refreshList(): void {
    if (this.listTimer) clearTimeout(this.listTimer);
    this.listTimer = null;
    const view = this.host.view;
    const own = view && hintKey.getState(view.state);
    if (!view || !own) return;
    const started = performance.now();
    // The hints themselves, in document order (no placing: the list needs no positions) — only while the list is
    // open; closed, it shows the counts.
    const hints: BlockHint[] | null = this.watchingList > 0 ? [] : null;
    // Closed, the counts of the worker's latest reading of every block, kept as its answers come; opened, the
    // hints in article order too.
    let { claims, slips } = hints === null ? this.analysis.undecidedCounts(own.decided) : { claims: 0, slips: 0 };
    if (hints)
      for (const block of this.analysis.blocks(view.state.doc))
        for (const hint of this.analysis.results.get(block.key) ?? []) {
          if (own.decided.has(hint.key)) continue;
          if (isSlip(hint.kind)) slips++;
          else claims++;
          hints.push(hint);
        }
    // The decisions are read again only when they changed.
    const decided =
      own.decided === this.listedDecisions
        ? this.list.decided
        : [...readHintDecisions(this.doc)]
            .sort((a, b) => b[1].at.localeCompare(a[1].at))
            .map(([key, d]) => ({ key, decision: d.decision, kind: d.kind, text: d.text, by: d.by.name }));
    this.listedDecisions = own.decided;
    const summary = summaryLine(claims, slips);
    const sameHints =
      hints === null || (hints.length === this.list.hints.length && hints.every((h, i) => h === this.list.hints[i]));
    if (decided === this.list.decided && summary === this.list.summary && sameHints) {
      this.analysis.spent(started, 'list');
      return;
    }
    this.list = { ...this.list, hints: hints ?? this.list.hints, summary, decided };
    for (const listener of this.listeners) listener();
    // React then renders what changed (the summary line's text, or the opened list) in a microtask, together with
    // whatever else the page has queued for it: not counted here, as it cannot be told apart.
    this.analysis.spent(started, 'list');
  }

  private seen: { answers: number; decided: unknown } = { answers: -1, decided: null };
  /** The decisions the list's `decided` was read for. */
  private listedDecisions: ReadonlySet<string> | null = null;

  private placed(hint: BlockHint): PlacedHint | null {
    const view = this.host.view;
    const own = view && hintKey.getState(view.state);
    if (!view || !own) return null;
    return (
      placedHints(this.analysis.blocks(view.state.doc), this.analysis.results, own.decided).find(
        (p) => p.hint.key === hint.key,
      ) ?? null
    );
  }

  /** Select a hint's text in the article (the list's "show"). */
  show(hint: BlockHint): void {
    const view = this.host.view;
    const placed = this.placed(hint);
    if (!view || !placed) return;
    view.dispatch(
      view.state.tr.setSelection(TextSelection.create(view.state.doc, placed.from, placed.to)).scrollIntoView(),
    );
    view.focus();
  }

  /** Make a hint a claim (its sentence as the statement) or, for a slip, a correction proposal (its fix). */
  accept(hint: BlockHint): void {
    const placed = this.placed(hint);
    if (placed) this.acceptPlaced(placed);
  }

  private acceptPlaced(placed: PlacedHint): void {
    const view = this.host.view;
    if (!view) return;
    const { hint } = placed;
    const slip = isSlip(hint.kind) && placed.correction;
    const from = slip ? (placed.correction?.from ?? placed.from) : placed.from;
    const to = slip ? (placed.correction?.to ?? placed.to) : placed.to;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, to)));
    this.host.run((f) => {
      const id = slip
        ? f.proposeCorrection({
            proposed: placed.correction?.text ?? '',
            category: 'mistranslation',
            rationale: hint.reason,
          })
        : f.markClaim(hint.statement ? { statement: hint.statement } : {});
      f.decideHint(hint.key, { decision: 'accepted', hint: { kind: hint.kind, text: hint.text }, annotationId: id });
    });
  }

  /** Dismiss a hint for everyone (undoable; restorable from the list). */
  dismiss(hint: BlockHint): void {
    this.host.run((f) => f.decideHint(hint.key, { decision: 'dismissed', hint: { kind: hint.kind, text: hint.text } }));
  }

  /** Take a decision back: the hint shows again. */
  restore(key: string): void {
    this.host.run((f) => f.decideHint(key, null));
  }

  /** Stop the worker and the observers. */
  destroy(): void {
    if (this.listTimer) clearTimeout(this.listTimer);
    if (this.postTimer) clearTimeout(this.postTimer);
    this.unobserve();
    this.analysis.destroy();
  }
}
