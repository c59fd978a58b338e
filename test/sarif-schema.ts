import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from './helpers.js';

const require = createRequire(import.meta.url);

let validate: (((doc: unknown) => boolean) & { errors?: unknown }) | undefined;

/** Validates a SARIF log against the official OASIS 2.1.0 schema (draft-04); returns the errors, empty when valid. */
export function sarifErrors(doc: unknown): unknown[] {
  if (!validate) {
    const Ajv = require('ajv-draft-04');
    const addFormats = require('ajv-formats');
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const schema = JSON.parse(
      readFileSync(join(ROOT, 'test/fixtures/schemas/sarif-schema-2.1.0.json'), 'utf8'),
    );
    validate = ajv.compile(schema);
  }
  return validate!(doc) ? [] : ((validate!.errors as unknown[]) ?? ['invalid']);
}
