/**
 * The built app's text files compressed once, at build time: next to each file of at least {@link MIN_BYTES}, a
 * Brotli copy (`name.br`) and a gzip copy (`name.gz`), which the server sends to a browser that accepts them
 * (@fastify/static's `preCompressed`; `apps/server/src/http/web-app.ts`). A document's page waits for its bundle
 * before anything else (710 KB as built, about 190 KB in Brotli): on a reader's line, not the loopback of the
 * benchmarks, its transfer is most of the open. Compressing at build time costs nothing per request and lets the
 * slowest, smallest setting be used. Node's own zlib does both encodings: no dependency.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

/** The files worth compressing: text. Images other than SVG, and fonts, are compressed already. */
export const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/;
/** Below this, a compressed copy saves less than the response's headers weigh. */
export const MIN_BYTES = 1024;
/**
 * Up to this size Brotli gets its slowest, smallest setting (the page's bundle: 1.7 s here, 191 KB against 205 at
 * the next setting down). Above it, the claim finder's worker (3.9 MB, its English model): fetched after the page is
 * interactive, where the slowest setting would add 10 s to every build for a sixth of its size.
 */
const MAX_QUALITY_BYTES = 1024 * 1024;

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Every file under `dir`, as paths relative to the working directory. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Write `file.br` and `file.gz` next to `file`, when it is text of at least {@link MIN_BYTES}. */
export async function compressFile(file: string): Promise<boolean> {
  if (!COMPRESSIBLE.test(file)) return false;
  const bytes = await readFile(file);
  if (bytes.length < MIN_BYTES) return false;
  const [br, gz] = await Promise.all([
    brotli(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: bytes.length <= MAX_QUALITY_BYTES ? constants.BROTLI_MAX_QUALITY : 9,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
    gzipped(bytes, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
  return true;
}

/**
 * A build step that compresses every text file of the output directory once the build has written them all (the
 * service worker's files included: it runs after vite-plugin-pwa's). Not run by the development server.
 */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'factmark-precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const files = (await filesUnder(outDir)).filter((f) => !f.endsWith('.br') && !f.endsWith('.gz'));
        await Promise.all(files.map(compressFile));
      },
    },
  };
}
