/**
 * The package's zod schemas, built the first time one is used rather than as their module is evaluated. zod builds
 * every part of a schema as it is declared, and the page's bundle holds every schema of this package (bodies,
 * sources, captures, settings, the corrections log, hint decisions): building them took about 40% of the page's
 * module evaluation (under Chromium's profiler, 40 of 110 ms), before the first draw, for schemas a page with no
 * annotations and no sources mostly never uses.
 *
 * A module declares its schemas in one function passed to {@link onFirstUse} and exports each through
 * {@link schemaOnFirstUse}: a lazy schema with the same type and the same uses (parse, safeParse, a field of another
 * schema, an option of a discriminated union), built once; `unwrap()` gives the schema itself, for its `shape`.
 *
 * The schemas are written with `zod/mini`, zod's functional API over the same core (the same parsing, issues and
 * types): its schemas carry no methods but parsing, so the page's bundle holds the checks it uses rather than
 * every method of every type (zod took 94 KB of the page's 711 KB; `zod/mini`, unlike zod's full API, does not set
 * English as the language of its messages, which {@link schemaOnFirstUse} does where nothing else did).
 */
import * as z from 'zod/mini';

/** `build`'s value, made on the first call and kept. */
export function onFirstUse<T>(build: () => T): () => T {
  let made: { value: T } | null = null;
  return () => {
    made ??= { value: build() };
    return made.value;
  };
}

/** zod's English messages ("Too big: expected string to have <=100 characters"), unless a language was set. */
function ensureMessages(): void {
  if (!z.config().localeError) z.config(z.locales.en());
}

/** A lazy schema over `build`'s schema, built on first use; `unwrap()` gives that schema itself. */
export function schemaOnFirstUse<T extends z.core.SomeType>(build: () => T): z.ZodMiniLazy<T> & { unwrap: () => T } {
  const schema = onFirstUse(() => {
    ensureMessages();
    return build();
  });
  return Object.assign(z.lazy(schema), { unwrap: schema });
}
