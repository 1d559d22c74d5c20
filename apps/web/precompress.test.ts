/** The build's compressed copies: each text file's Brotli and gzip copies hold its bytes; nothing else gets one. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { ResolvedConfig } from 'vite';
import { describe, expect, it } from 'vitest';
import { MIN_BYTES, precompress } from './precompress.ts';

/** A build's output: a bundle in `assets/`, a small page, a source map, an image, a large worker. */
function builtApp(): { dir: string; files: Record<string, Buffer> } {
  const dir = mkdtempSync(join(tmpdir(), 'factmark-precompress-'));
  mkdirSync(join(dir, 'assets'));
  const words = (n: number) =>
    Buffer.from(Array.from({ length: n }, (_, i) => `const claim${i} = "50,000 soldiers";`).join('\n'));
  const files: Record<string, Buffer> = {
    'assets/index-AbCd1234.js': words(400),
    'assets/index-AbCd1234.css': Buffer.from(`.claim { color: red; }\n`.repeat(80)),
    'assets/index-AbCd1234.js.map': words(100),
    'index.html': Buffer.from('<!doctype html><title>Factmark</title>'),
    'favicon.png': Buffer.alloc(4096, 7),
    // Over the size up to which Brotli gets its slowest setting.
    'assets/hint-worker-Zz99Yy88.js': words(70_000),
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  return { dir, files };
}

/** Run the plugin's step as Vite runs it after a build of `dir`. */
async function runPlugin(dir: string): Promise<void> {
  const plugin = precompress();
  (plugin.configResolved as (c: ResolvedConfig) => void)({ root: dir, build: { outDir: '.' } } as ResolvedConfig);
  const close = plugin.closeBundle as { handler: () => Promise<void> };
  await close.handler();
}

describe('precompress', () => {
  it('writes a Brotli and a gzip copy of each text file, each holding its bytes exactly', async () => {
    const { dir, files } = builtApp();
    await runPlugin(dir);
    for (const name of ['assets/index-AbCd1234.js', 'assets/index-AbCd1234.css', 'assets/hint-worker-Zz99Yy88.js']) {
      const original = files[name] as Buffer;
      const br = readFileSync(join(dir, `${name}.br`));
      const gz = readFileSync(join(dir, `${name}.gz`));
      expect(brotliDecompressSync(br).equals(original), name).toBe(true);
      expect(gunzipSync(gz).equals(original), name).toBe(true);
      expect(br.length).toBeLessThan(original.length / 3);
    }
  });

  it('leaves alone small files, source maps and what is not text, and never compresses a copy again', async () => {
    const { dir, files } = builtApp();
    expect((files['index.html'] as Buffer).length).toBeLessThan(MIN_BYTES);
    await runPlugin(dir);
    await runPlugin(dir);
    for (const name of ['index.html', 'favicon.png', 'assets/index-AbCd1234.js.map'])
      expect(existsSync(join(dir, `${name}.br`)) || existsSync(join(dir, `${name}.gz`)), name).toBe(false);
    expect(existsSync(join(dir, 'assets/index-AbCd1234.js.br.br'))).toBe(false);
    expect(existsSync(join(dir, 'assets/index-AbCd1234.js.gz.br'))).toBe(false);
  });
});
