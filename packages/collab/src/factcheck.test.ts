// @vitest-environment happy-dom
import { annotationFocus, annotationFocusKey, articleFromText } from '@factmark/editor';
import { TextSelection, type Transaction } from 'prosemirror-state';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AnnotationValidationError } from './bodies.ts';
import { readCorrectionsLog } from './corrections-log.ts';
import { annotationBodies } from './layout.ts';
import { DEFAULT_RATING_SCALE, readRatingScale, ScaleInUseError } from './rating-scale.ts';
import { readSources, SourceInUseError } from './sources.ts';
import { find, Network, type Peer, select, snapshot, textOf } from './test-support/peers.ts';

const ARTICLE = articleFromText(
  'Drills begin\n\nMore than 50,000 soldiers and 140 aircraft take part, the ministry said on Monday.\n\nThe fleet repelled malicious or malicious cyber operations, according to the Defense Ministry. Russian.\n\nThe ministry said on Monday that the drills end on Friday.',
);

let net: Network;
afterEach(() => net?.destroy());

function one(): Peer {
  net = new Network(ARTICLE, 1);
  return net.peers[0] as Peer;
}

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AnnotationValidationError) return error.field;
    throw error;
  }
  return undefined;
}

describe('creating an annotation', () => {
  it('keeps the selection on the new span by default', () => {
    const p = one();
    select(p.view, 'More than 50,000 soldiers');
    const { from, to } = p.view.state.selection;
    const id = p.fc.markClaim();
    expect([p.view.state.selection.from, p.view.state.selection.to]).toEqual([from, to]);
    expect(annotationFocus(p.view.state).active).toBeNull();
    expect(id).toBeTruthy();
  });

  it('with createdSelection "caret", leaves a caret at its start and makes it active, in one view update', () => {
    const p = one();
    p.fc.createdSelection = 'caret';
    select(p.view, '140 aircraft');
    const { from } = p.view.state.selection;
    const dispatched: Transaction[] = [];
    const dispatch = p.view.dispatch.bind(p.view);
    p.view.dispatch = (tr) => {
      dispatched.push(tr);
      dispatch(tr);
    };
    const id = p.fc.markClaim();
    // One transaction: the mark, the caret, and the focus (which the app's focus plugin draws).
    expect(dispatched).toHaveLength(1);
    expect(dispatched[0]?.getMeta(annotationFocusKey)).toEqual({ active: id });
    expect(p.view.state.selection.empty).toBe(true);
    expect(p.view.state.selection.from).toBe(from);
    expect(p.fc.annotations().map((a) => a.text)).toEqual(['140 aircraft']);
  });
});

describe('claims', () => {
  it('have a statement, verdict from the scale, rationale, status, assignee and sources', () => {
    const p = one();
    select(p.view, 'More than 50,000 soldiers');
    const id = p.fc.markClaim();
    const src = p.fc.addSource({ url: 'https://example.org/ministry-briefing', title: 'Ministry briefing' });
    p.fc.setVerdict(id, 'Mostly true');
    p.fc.setRationale(id, 'The briefing gives 48,500.');
    p.fc.setStatus(id, 'in_review');
    p.fc.setAssignee(id, { id: 'u9', name: 'Desk editor' });
    p.fc.addSourceToClaim(id, src);
    p.fc.addSourceToClaim(id, src);
    const [entry] = p.fc.annotations();
    expect(entry?.body).toMatchObject({
      kind: 'claim',
      statement: 'More than 50,000 soldiers',
      verdict: 'Mostly true',
      rationale: 'The briefing gives 48,500.',
      status: 'in_review',
      assignee: { id: 'u9', name: 'Desk editor' },
      sourceIds: [src],
      author: { id: 'peer0', name: 'peer0' },
      updatedBy: { id: 'peer0', name: 'peer0' },
    });
    expect(entry?.text).toBe('More than 50,000 soldiers');
  });

  it('take the citations made inside them as theirs; a citation can be linked to another claim or to none', () => {
    const p = one();
    select(p.view, 'More than 50,000 soldiers and 140 aircraft');
    const outer = p.fc.markClaim();
    select(p.view, '140 aircraft');
    const inner = p.fc.markClaim();
    const src = p.fc.addSource({ url: 'https://example.org/ministry-briefing', title: 'Ministry briefing' });
    // Inside both claims: the shortest one around the selection.
    select(p.view, '140');
    const onInner = p.fc.cite({ sourceId: src, stance: 'supports' });
    select(p.view, '50,000');
    const onOuter = p.fc.cite({ sourceId: src, stance: 'supports' });
    select(p.view, 'Monday');
    const alone = p.fc.cite({ sourceId: src, stance: 'context' });
    const link = (id: string) => {
      const body = p.fc.annotations().find((e) => e.id === id)?.body;
      return body?.kind === 'citation' ? body.claimId : undefined;
    };
    expect([link(onInner), link(onOuter), link(alone)]).toEqual([inner, outer, null]);
    p.fc.linkCitation(alone, outer);
    expect(link(alone)).toBe(outer);
    p.fc.linkCitation(onInner, null);
    expect(link(onInner)).toBeNull();
    // Only a claim can be linked to; the refusal names the field and keeps the link.
    expect(fieldOf(() => p.fc.linkCitation(alone, onOuter))).toBe('claimId');
    expect(fieldOf(() => p.fc.linkCitation(alone, 'nope'))).toBe('claimId');
    expect(link(alone)).toBe(outer);
    select(p.view, 'Monday');
    expect(fieldOf(() => p.fc.cite({ sourceId: src, stance: 'context', claimId: onOuter }))).toBe('claimId');
  });

  it('refuse an unknown verdict, an empty statement, an unknown source, or an empty selection, naming the field', () => {
    const p = one();
    select(p.view, '140 aircraft');
    const id = p.fc.markClaim();
    expect(fieldOf(() => p.fc.setVerdict(id, 'Pants on fire'))).toBe('verdict');
    expect(fieldOf(() => p.fc.setStatement(id, '   '))).toBe('statement');
    expect(fieldOf(() => p.fc.addSourceToClaim(id, 'nope'))).toBe('sourceId');
    expect(fieldOf(() => p.fc.setStatus(id, 'done' as never))).toBe('status');
    expect(fieldOf(() => p.fc.resolve(id))).toBe('kind');
    p.view.dispatch(p.view.state.tr.setSelection(TextSelection.create(p.view.state.doc, find(p.view, 'Monday'))));
    expect(fieldOf(() => p.fc.markClaim())).toBe('selection');
    // Nothing invalid was written.
    expect(p.fc.annotations()[0]?.body).toMatchObject({ verdict: null, statement: '140 aircraft', status: 'draft' });
  });
});

describe('sources', () => {
  it('accept only http(s) URLs and refuse deletion while in use, naming the users', () => {
    const p = one();
    expect(fieldOf(() => p.fc.addSource({ url: 'javascript:alert(1)', title: 'x' }))).toBe('url');
    expect(fieldOf(() => p.fc.addSource({ url: 'ftp://example.org/x', title: 'x' }))).toBe('url');
    expect(
      fieldOf(() => p.fc.addSource({ url: 'https://ok.example/', title: 'x', archivedUrl: 'data:text/html,hi' })),
    ).toBe('archivedUrl');
    expect(fieldOf(() => p.fc.addSource({ url: 'https://ok.example/', title: '' }))).toBe('title');
    const src = p.fc.addSource({
      url: 'https://ok.example/report',
      title: 'Annual report',
      publisher: 'Statistics office',
      publishedDate: '2026-02-01',
      archivedUrl: 'https://archive.example/2026/report',
    });
    select(p.view, '140 aircraft');
    const claim = p.fc.markClaim();
    p.fc.addSourceToClaim(claim, src);
    select(p.view, 'Russian');
    const citation = p.fc.cite({ sourceId: src, excerpt: 'The ministry said', stance: 'refutes' });
    let error: unknown;
    try {
      p.fc.deleteSource(src);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SourceInUseError);
    expect((error as SourceInUseError).users).toEqual([claim, citation].sort());
    // In words people know: the source's title and the users' quoted text, never an id.
    expect((error as Error).message).toBe(
      'The source “Annual report” is still used by the claim on “140 aircraft” and the citation on “Russian”. Detach it from them first.',
    );
    p.fc.remove(citation);
    p.fc.removeSourceFromClaim(claim, src);
    p.fc.deleteSource(src);
    expect(readSources(p.doc).size).toBe(0);
  });
});

describe('rating scale', () => {
  it('starts with the default scale, can be edited, and may not drop a label in use', () => {
    const p = one();
    select(p.view, '140 aircraft');
    const id = p.fc.markClaim();
    p.fc.setVerdict(id, 'Half true');
    const scale = {
      labels: [
        { label: 'Correct', value: 1 },
        { label: 'Wrong', value: 0 },
      ],
      best: 1,
      worst: 0,
    };
    expect(() => p.fc.setRatingScale(scale)).toThrow(ScaleInUseError);
    // Refused in the claim's words, never its id.
    expect(() => p.fc.setRatingScale(scale)).toThrow(
      'The new scale drops verdicts claims still have: “Half true” on the claim “140 aircraft”. Give those claims another verdict first, or keep the label.',
    );
    p.fc.setRatingScale({ ...scale, labels: [...scale.labels, { label: 'Half true', value: 0.5 }] });
    expect(fieldOf(() => p.fc.setVerdict(id, 'True'))).toBe('verdict');
    p.fc.setVerdict(id, 'Correct');
    expect(fieldOf(() => p.fc.setRatingScale({ labels: [], best: 1, worst: 0 }))).toBe('labels');
    expect(DEFAULT_RATING_SCALE.labels.map((l) => l.label)).toContain('Unverifiable');
    // A label may carry its own colour, as #rrggbb only (it goes into a style sheet).
    const colored = { ...scale, labels: [{ label: 'Correct', value: 1, color: '#6a1b9a' }, ...scale.labels.slice(1)] };
    p.fc.setRatingScale(colored);
    expect(readRatingScale(p.fc.doc).labels[0]).toEqual({ label: 'Correct', value: 1, color: '#6a1b9a' });
    const bad = { ...scale, labels: [{ label: 'Correct', value: 1, color: 'red;background:url(x)' }] };
    expect(() => p.fc.setRatingScale(bad)).toThrow('A colour is written as #rrggbb');
    expect(readRatingScale(p.fc.doc).labels[0]?.color).toBe('#6a1b9a');
  });
});

describe('corrections', () => {
  it('accepting replaces the text in one undoable step, keeps the original, logs it, and stays on its own span', () => {
    const p = one();
    select(p.view, 'malicious or malicious');
    const id = p.fc.proposeCorrection({ proposed: 'malicious', category: 'mistranslation', rationale: 'Doubled word' });
    p.undo.stopCapturing();
    p.fc.acceptCorrection(id);
    expect(textOf(p)).toContain('repelled malicious cyber operations');
    const entry = p.fc.annotations().find((a) => a.id === id);
    expect(entry?.text).toBe('malicious');
    expect(entry?.body).toMatchObject({
      state: 'accepted',
      original: 'malicious or malicious',
      decidedBy: { id: 'peer0' },
    });
    expect(readCorrectionsLog(p.doc)).toMatchObject([
      { correctionId: id, decision: 'accepted', original: 'malicious or malicious' },
    ]);
    expect(fieldOf(() => p.fc.acceptCorrection(id))).toBe('state');

    p.undo.undo();
    expect(textOf(p)).toContain('repelled malicious or malicious cyber');
    expect(p.fc.annotations().find((a) => a.id === id)?.body).toMatchObject({ state: 'proposed' });
    expect(readCorrectionsLog(p.doc)).toEqual([]);
    p.undo.redo();
    expect(textOf(p)).toContain('repelled malicious cyber operations');
  });

  it('an accepted correction does not move to another occurrence of the old words', () => {
    const p = one();
    select(p.view, 'the ministry said on Monday', 0);
    const id = p.fc.proposeCorrection({ proposed: 'the ministry said on Tuesday', category: 'factual_error' });
    p.fc.acceptCorrection(id);
    const first = find(p.view, 'the ministry said on Tuesday');
    expect(p.fc.rangesOf(id)).toEqual([{ from: first, to: first + 'the ministry said on Tuesday'.length }]);
    // The other "said on Monday" is untouched and unmarked.
    const other = find(p.view, 'ministry said on Monday that');
    expect(p.fc.at(other)).toEqual([]);
  });

  it('rejecting leaves the text and logs the decision', () => {
    const p = one();
    select(p.view, 'Russian.');
    const id = p.fc.proposeCorrection({ proposed: '', category: 'mistranslation' });
    p.fc.rejectCorrection(id);
    expect(textOf(p)).toContain('Defense Ministry. Russian.');
    expect(readCorrectionsLog(p.doc)[0]).toMatchObject({ decision: 'rejected', correctionId: id });
  });
});

describe('comments and threads', () => {
  it('a comment is a thread that can be replied to, resolved and reopened; any annotation can carry a thread', () => {
    const p = one();
    select(p.view, 'Defense Ministry');
    const c = p.fc.addComment('Which ministry? The original says "defence office".');
    p.fc.reply(c, 'Checked the wire: it is the ministry.');
    p.fc.resolve(c);
    let body = p.fc.annotations().find((a) => a.id === c)?.body;
    expect(body).toMatchObject({ kind: 'comment', resolved: true, resolvedBy: { id: 'peer0' } });
    expect(body?.thread.map((m) => m.text)).toEqual([
      'Which ministry? The original says "defence office".',
      'Checked the wire: it is the ministry.',
    ]);
    p.fc.reopen(c);
    body = p.fc.annotations().find((a) => a.id === c)?.body;
    expect(body).toMatchObject({ resolved: false, resolvedBy: null });
    expect(fieldOf(() => p.fc.reply(c, '  '))).toBe('text');
    select(p.view, '140 aircraft');
    const claim = p.fc.markClaim();
    p.fc.reply(claim, 'Source?');
    expect(p.fc.annotations().find((a) => a.id === claim)?.body?.thread).toHaveLength(1);
  });
});

describe('found while reading (issue 14)', () => {
  it('gives a thread message an id from the injected generator, like every other id', () => {
    const p = one();
    select(p.view, 'Defense Ministry');
    const c = p.fc.addComment('Which ministry?');
    const reply = p.fc.reply(c, 'The defence office.');
    const thread = p.fc.annotations().find((a) => a.id === c)?.body?.thread ?? [];
    // The peers' generator makes "peer0x…" ids: the annotation, the first message and the reply all come from it.
    expect(thread.map((m) => m.id)).toEqual([expect.stringMatching(/^peer0x/), reply]);
    expect(reply).toMatch(/^peer0x/);
  });

  it('undoes and redoes an edit of a source, as it does adding or deleting one', () => {
    const p = one();
    const id = p.fc.addSource({ url: 'https://example.org/ministry', title: 'Ministry briefing' });
    p.undo.stopCapturing();
    p.fc.updateSource(id, { title: 'Ministry briefing, Monday' });
    expect(readSources(p.doc).get(id)?.title).toBe('Ministry briefing, Monday');
    p.undo.undo();
    expect(readSources(p.doc).get(id)?.title).toBe('Ministry briefing');
    p.undo.redo();
    expect(readSources(p.doc).get(id)?.title).toBe('Ministry briefing, Monday');
  });
});

describe('queries, removal and orphans', () => {
  it('lists annotations in document order, answers what is at a position, and removes marks and body together', () => {
    const p = one();
    select(p.view, 'the ministry said on Monday.');
    const later = p.fc.markClaim();
    select(p.view, 'More than 50,000');
    const earlier = p.fc.addComment('Check the number');
    select(p.view, '50,000 soldiers');
    const overlapping = p.fc.markClaim();
    expect(p.fc.annotations().map((a) => a.id)).toEqual([earlier, overlapping, later]);
    expect(
      p.fc
        .at(find(p.view, '000 soldiers'))
        .map((a) => a.id)
        .sort(),
    ).toEqual([earlier, overlapping].sort());
    p.undo.stopCapturing();
    p.fc.remove(overlapping);
    expect(p.fc.annotations().map((a) => a.id)).toEqual([earlier, later]);
    expect(annotationBodies(p.doc).has(overlapping)).toBe(false);
    p.undo.undo();
    expect(p.fc.annotations().map((a) => a.id)).toEqual([earlier, overlapping, later]);
    expect(annotationBodies(p.doc).has(overlapping)).toBe(true);
  });

  it('a span deleted entirely leaves an orphan with its last text, which undo brings back or re-attach moves', () => {
    const p = one();
    select(p.view, '140 aircraft');
    const id = p.fc.markClaim();
    p.undo.stopCapturing();
    const from = find(p.view, 'and 140 aircraft take');
    p.view.dispatch(p.view.state.tr.delete(from, from + 'and 140 aircraft take'.length));
    expect(p.fc.rangesOf(id)).toEqual([]);
    expect(p.fc.orphans()).toMatchObject([{ id, lastText: '140 aircraft' }]);
    p.undo.undo();
    expect(p.fc.orphans()).toEqual([]);
    expect(p.fc.annotations()[0]?.text).toBe('140 aircraft');

    p.view.dispatch(p.view.state.tr.delete(from, from + 'and 140 aircraft take'.length));
    select(p.view, 'soldiers');
    p.fc.reattach(id);
    expect(p.fc.orphans()).toEqual([]);
    expect(p.fc.annotations().find((a) => a.id === id)).toMatchObject({
      text: 'soldiers',
      body: { quote: '140 aircraft' },
    });
    p.fc.remove(id);
    expect(annotationBodies(p.doc).has(id)).toBe(false);
  });

  it('a malformed body from a peer is reported as invalid and does not break queries', () => {
    net = new Network(ARTICLE, 2);
    const [a, b] = net.peers as [Peer, Peer];
    select(a.view, '140 aircraft');
    const id = a.fc.markClaim();
    // A misbehaving peer writes garbage into the body.
    a.doc.transact(() => {
      const map = annotationBodies(a.doc).get(id) as Y.Map<unknown>;
      map.set('verdict', 42);
      annotationBodies(a.doc).set('bogus', new Y.Map());
    });
    return net.settle().then(() => {
      expect(
        b.fc
          .invalid()
          .map((x) => x.id)
          .sort(),
      ).toEqual(['bogus', id].sort());
      expect(b.fc.invalid().find((x) => x.id === id)?.error).toContain('verdict');
      const entry = b.fc.annotations().find((x) => x.id === id);
      expect(entry?.body).toBeNull();
      expect(entry?.error).toContain('verdict');
      expect(snapshot(b)).toEqual(snapshot(a));
    });
  });
});
