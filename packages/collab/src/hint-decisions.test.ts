/**
 * Decisions on the claim finder's hints: written whole in the sender's name by anyone who may annotate; another's
 * taken back only as the role allows; malformed ones refused by the gate.
 */
import { articleFromText } from '@factmark/editor';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdate, forgetTriedUpdates } from './gate/check-update.ts';
import { readHintDecisions, writeHintDecision } from './hint-decisions.ts';
import { encodeNewArticle, hintDecisionMap } from './layout.ts';
import type { Role } from './policy.ts';

const ANA = { id: 'ana', name: 'Ana' };
const BEN = { id: 'ben', name: 'Ben' };
const NOW = new Date('2026-12-03T10:00:00Z');
const dismiss = { decision: 'dismissed' as const, hint: { kind: 'numeric', text: '140 aircraft' } };

function serverDoc(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, encodeNewArticle(articleFromText('Drills\n\nMore than 50,000 soldiers and 140 aircraft.')));
  writeHintDecision(doc, 'numeric-abc', dismiss, BEN, NOW);
  return doc;
}

function attemptAs(server: Y.Doc, userId: string, role: Role, act: (doc: Y.Doc) => void) {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(copy);
  act(copy);
  const verdict = checkUpdate(server, Y.encodeStateAsUpdate(copy, before), { userId, role }, { now: NOW.getTime() });
  forgetTriedUpdates(server);
  return verdict.ok ? 'ok' : verdict.code;
}

describe('decisions on hints', () => {
  it('are read back by key, leaving out malformed ones', () => {
    const doc = serverDoc();
    hintDecisionMap(doc).set('numeric-bad', { decision: 'maybe' });
    expect([...readHintDecisions(doc).keys()]).toEqual(['numeric-abc']);
    expect(() => writeHintDecision(doc, 'Not A Key!', dismiss, ANA, NOW)).toThrow();
  });

  it('may be made in one’s own name by a commenter, not in another’s, and not by a viewer', () => {
    const doc = serverDoc();
    expect(attemptAs(doc, 'ana', 'commenter', (c) => writeHintDecision(c, 'quote-x1', dismiss, ANA, NOW))).toBe('ok');
    expect(attemptAs(doc, 'ana', 'commenter', (c) => writeHintDecision(c, 'quote-x1', dismiss, BEN, NOW))).toBe(
      'identity',
    );
    expect(attemptAs(doc, 'ana', 'viewer', (c) => writeHintDecision(c, 'quote-x1', dismiss, ANA, NOW))).toBe(
      'read_only',
    );
  });

  it('may be taken back by its author or an editor, not by a commenter who did not make it', () => {
    const doc = serverDoc();
    const takeBack = (c: Y.Doc) => hintDecisionMap(c).delete('numeric-abc');
    expect(attemptAs(doc, 'ana', 'commenter', takeBack)).toBe('not_yours');
    expect(attemptAs(doc, 'ben', 'commenter', takeBack)).toBe('ok');
    expect(attemptAs(doc, 'ana', 'editor', takeBack)).toBe('ok');
  });

  it('are refused when malformed or nested', () => {
    const doc = serverDoc();
    expect(
      attemptAs(doc, 'ana', 'editor', (c) => hintDecisionMap(c).set('quote-x2', { decision: 'maybe', by: ANA })),
    ).toBe('invalid_body');
    expect(attemptAs(doc, 'ana', 'editor', (c) => hintDecisionMap(c).set('quote-x3', new Y.Map()))).toBe(
      'unknown_type',
    );
    expect(
      attemptAs(doc, 'ana', 'editor', (c) =>
        hintDecisionMap(c).set('Bad Key', {
          ...dismiss,
          kind: 'numeric',
          text: 'x',
          annotationId: null,
          by: ANA,
          at: NOW.toISOString(),
        }),
      ),
    ).toBe('invalid_body');
  });
});
