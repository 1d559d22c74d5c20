/**
 * The tree's shape, checked: no source file over 350 lines and no function
 * over 80, y-prosemirror's private parts reached from one file, role names
 * compared only in the role policy, every source file opening with a line
 * that says what it holds, every package README listing its files, and no
 * module with an effect of its own in a package that declares it has none.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eagerSchemas, functionLengths, lineCount, read, sourceFiles, topLevelEffects } from './measure.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const PACKAGES = ['packages/editor', 'packages/collab', 'packages/anchoring', 'packages/interop', 'packages/api'];
const APPS = ['apps/server', 'apps/web'];
const SOURCES = sourceFiles(
  ROOT,
  [...PACKAGES, ...APPS].map((p) => `${p}/src`),
);
/** Every TypeScript file, tests included, for the rules that hold for tests too. */
const EVERYTHING = sourceFiles(ROOT, [...PACKAGES, ...APPS, 'bench', 'test'], { tests: true });

/** y-prosemirror's private parts, and the helpers that take its private type → node cache. */
const Y_PROSEMIRROR_PRIVATE =
  /_prosemirrorChanged|_forceRerender|\.mux\(|y-sync\$|isChangeOrigin|isOMark|ySyncPluginKey|updateYFragment|absolutePositionToRelativePosition|relativePositionToAbsolutePosition/;

const ROLE = `['"](?:owner|editor|commenter|viewer)['"]`;
/** A role compared with a role name or another role, or looked up in a list of roles. */
const ROLE_COMPARISON = new RegExp(
  [
    `[!=]==?\\s*${ROLE}`,
    `${ROLE}\\s*[!=]==?`,
    `\\b\\w*[rR]ole\\w*\\s*[!=]==?\\s*\\w*\\.?\\w*[rR]ole\\b`,
    `\\.includes\\(\\s*[\\w.]*[rR]ole\\s*\\)`,
  ].join('|'),
);

describe('the source tree', () => {
  it('has no source file over 350 lines', () => {
    const long = SOURCES.map((f) => ({ f, n: lineCount(read(ROOT, f)) })).filter(({ n }) => n > 350);
    expect(long.map(({ f, n }) => `${f}: ${n} lines`)).toEqual([]);
  });

  it('has no module with an effect of its own in a package that says so (its package.json: sideEffects false)', () => {
    // A bundler leaves out a module none of whose exports is used: an effect there (a polyfill, a registration, a
    // setting) would silently not happen in the web app.
    const packages = readdirSync(join(ROOT, 'packages')).filter(
      (name) => JSON.parse(read(ROOT, `packages/${name}/package.json`)).sideEffects === false,
    );
    expect(packages.length).toBeGreaterThan(0);
    const effects = sourceFiles(
      ROOT,
      packages.map((name) => `packages/${name}/src`),
    ).flatMap((f) => topLevelEffects(f, read(ROOT, f)).map((e) => `${f}:${e.line} ${e.text}`));
    expect(effects).toEqual([]);
    // The check sees such statements.
    expect(topLevelEffects('x.ts', "import './polyfill.ts';\nz.config({});\nexport const a = f();")).toHaveLength(2);
  });

  it("builds the collab package's zod schemas on first use, not as the page's bundle is evaluated", () => {
    // The page loads every module of the package: a schema declared outright is built before the first draw.
    const eager = sourceFiles(ROOT, ['packages/collab/src']).flatMap((f) =>
      eagerSchemas(f, read(ROOT, f)).map((e) => `${f}:${e.line} ${e.text}`),
    );
    expect(eager).toEqual([]);
    // The check sees them, and lets lazy ones and other calls be.
    const sample = [
      'const a = z.object({});',
      'export const b = z.string().min(1).max(2);',
      'export const c = z.lazy(() => a);',
      'const d = onFirstUse(() => z.object({}));',
      'const e = f(z.string());',
    ].join('\n');
    expect(eagerSchemas('x.ts', sample).map((e) => e.line)).toEqual([1, 2]);
  });

  it('has no function over 80 lines', () => {
    const long = SOURCES.flatMap((f) =>
      functionLengths(f, read(ROOT, f))
        .filter((fn) => fn.lines > 80)
        .map((fn) => `${f}:${fn.line} ${fn.name}: ${fn.lines} lines`),
    );
    expect(long).toEqual([]);
  });

  it("reaches y-prosemirror's private parts only from its seam: the binding's, and the position arithmetic's", () => {
    const files = [...new Set([...SOURCES, ...EVERYTHING])].filter((f) => Y_PROSEMIRROR_PRIVATE.test(read(ROOT, f)));
    expect(files.sort()).toEqual([
      'packages/collab/src/y-prosemirror-positions.ts',
      'packages/collab/src/y-prosemirror-seam.ts',
    ]);
  });

  it('compares roles only in the role policy', () => {
    const found = SOURCES.filter((f) => f !== 'packages/collab/src/policy.ts').flatMap((f) =>
      read(ROOT, f)
        .split('\n')
        .map((line, i) => ({ line, i }))
        .filter(({ line }) => ROLE_COMPARISON.test(line))
        .map(({ line, i }) => `${f}:${i + 1}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });

  it('opens every source file with a comment saying what it holds', () => {
    const bare = SOURCES.filter((f) => !/^\s*(\/\*\*|\/\/)/.test(read(ROOT, f)));
    expect(bare).toEqual([]);
  });

  it("lists every source file in its package's README", () => {
    const missing: string[] = [];
    for (const pkg of [...PACKAGES, ...APPS]) {
      const readme = join(ROOT, pkg, 'README.md');
      if (!existsSync(readme)) {
        missing.push(`${pkg}/README.md`);
        continue;
      }
      const text = read(ROOT, relative(ROOT, readme));
      for (const f of SOURCES.filter((s) => s.startsWith(`${pkg}/`))) {
        // Listed by its path, or by the rest of its path under a heading that names its folder (`src/http/`).
        const segments = relative(join(ROOT, pkg, 'src'), join(ROOT, f)).split('/');
        const listed = segments.some((_, k) => {
          const folder = segments.slice(0, k).join('/');
          return text.includes(`\`${segments.slice(k).join('/')}\``) && (k === 0 || text.includes(`${folder}/`));
        });
        if (!listed) missing.push(f);
      }
    }
    expect(missing).toEqual([]);
  });
});
