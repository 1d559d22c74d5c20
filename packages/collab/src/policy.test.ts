import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Action, type Grant, may, POLICY, ROLES, type Role } from './policy.ts';

const doc = readFileSync(new URL('../../../docs/roles.md', import.meta.url), 'utf8');

/** docs/roles.md's table: each row's grants per role, for the policy actions it names. */
function tableOfTheDocs(): Map<Action, Record<Role, Grant>> {
  const out = new Map<Action, Record<Role, Grant>>();
  const lines = doc.split('\n').filter((l) => l.startsWith('|'));
  const header = (lines[0] ?? '').split('|').map((c) => c.trim());
  for (const line of lines.slice(2)) {
    const cells = line.split('|').map((c) => c.trim());
    const grants = Object.fromEntries(
      ROLES.map((role) => {
        const cell = cells[header.indexOf(role)];
        return [role, cell === '✓' ? 'yes' : cell === 'own only' ? 'own' : 'no'];
      }),
    ) as Record<Role, Grant>;
    for (const [, action] of (cells[header.indexOf('policy')] ?? '').matchAll(/`(\w+)`/g))
      out.set(action as Action, grants);
  }
  return out;
}

describe('the role policy', () => {
  it('is the table docs/roles.md shows, action by action', () => {
    const table = tableOfTheDocs();
    expect([...table.keys()].sort()).toEqual(Object.keys(POLICY).sort());
    for (const [action, grants] of table) expect(POLICY[action], action).toEqual(grants);
  });

  it('answers "own only" by whether the person created the thing', () => {
    expect(may('commenter', 'change', true)).toBe(true);
    expect(may('commenter', 'change', false)).toBe(false);
    expect(may('editor', 'change', false)).toBe(true);
    expect(may('viewer', 'read')).toBe(true);
    expect(may(null, 'read')).toBe(false);
    expect(may('editor', 'share')).toBe(false);
  });
});
