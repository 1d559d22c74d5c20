/**
 * The package's zod schemas, built the first time one is used rather than as their module is evaluated. zod builds
 * every part of a schema as it is declared, and the page's bundle holds every schema of this package (bodies,
 * sources, captures, settings, the corrections log, hint decisions): building them took about 40% of the page's
 * module evaluation (under Chromium's profiler, 40 of 110 ms), before the first draw, for schemas a page with no
 * annotations and no sources mostly never uses.
 *
 * A module declares its schemas in one function passed to {@link onFirstUse} and exports each as `z.lazy(() =>
 * schemas().name)`: the same type and the same uses (parse, safeParse, a field of another schema, an option of a
 * discriminated union), built once; `unwrap()` gives the schema itself, for its `shape`.
 */

/** `build`'s value, made on the first call and kept. */
export function onFirstUse<T>(build: () => T): () => T {
  let made: { value: T } | null = null;
  return () => {
    made ??= { value: build() };
    return made.value;
  };
}
