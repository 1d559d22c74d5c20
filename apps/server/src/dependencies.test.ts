import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

/** Where `pkg` resolves `yjs` from (its own dependency), as a real path. */
function yjsSeenBy(pkg: string): string {
  const entry = realpathSync(require.resolve(pkg));
  return realpathSync(createRequire(entry).resolve('yjs'));
}

describe('the install', () => {
  it('has exactly one copy of Yjs, shared by our code, y-prosemirror and Hocuspocus', () => {
    const ours = realpathSync(require.resolve('yjs'));
    expect(yjsSeenBy('y-prosemirror')).toBe(ours);
    expect(yjsSeenBy('@hocuspocus/server')).toBe(ours);
    expect(yjsSeenBy('@factmark/collab')).toBe(ours);
  });
});
