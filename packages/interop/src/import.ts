/** Annotation imports: W3C Web Annotations and Hypothesis, with the report of what each did. */
export { type ImportedEntry, ImportFormatError, type ImportReport } from './import-core.ts';
export { importHypothesis } from './import-hypothesis.ts';
export { importW3C } from './import-w3c.ts';
