/** The Web Annotation Data Model validator the interop tests judge exports with. */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The Web Annotation Data Model validator of `validate-web-annotation`: its
 * JSON Schema, compiled with its own Ajv and IRI format. One fix: the
 * package checks `created`/`modified` with JSON Schema's `date` format
 * (YYYY-MM-DD), but the model defines them as xsd:dateTime, which is what
 * every annotation carries; `date` here accepts an ISO 8601 date-time.
 */
export const validateAnnotation = (() => {
  const pkg = dirname(require.resolve('validate-web-annotation/package.json'));
  const Ajv = createRequire(`${pkg}/index.js`)('ajv');
  const formats = require('validate-web-annotation/formats.js');
  const schema = require('validate-web-annotation/wadm-schema.js');
  const ajv = new Ajv({ allErrors: true });
  ajv.addFormat('iri', formats.iri);
  ajv.addFormat('date', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  const validate = ajv.compile(schema());
  return (annotation: unknown): string[] =>
    validate(annotation)
      ? []
      : (validate.errors as { dataPath: string; message: string }[]).map((e) => `${e.dataPath} ${e.message}`);
})();
