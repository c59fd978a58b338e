import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from './paths.js';
import { InputError } from '../model/errors.js';
import type { Inventory, ResourceConfig } from '../model/types.js';
import { inventoryFromOpenApi, isOpenApiDocument, resourcesFromOpenApi } from './openapi.js';
import { inventoryFromSnapshot } from './snapshot.js';

/** Files the tool reads: clear one-line errors that name the file (and line), never a stack. */

const MAX_FILE_BYTES = 256 * 1024 * 1024;

export async function readInputFile(path: string): Promise<string> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a directory'
            : String((error as Error).message);
    throw new InputError(`cannot read ${path}: ${reason}`, { cause: error });
  }
  if (buffer.length > MAX_FILE_BYTES)
    throw new InputError(`${path} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
  return buffer.toString('utf8').replace(/^\uFEFF/, '');
}

function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let last = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i + 1;
    }
  }
  return `line ${line}, column ${offset - last + 1}`;
}

/** JSON, or YAML when the text is not JSON (loaded only then: it is the heavier parser). */
export async function parseDocument(text: string, path: string): Promise<unknown> {
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    try {
      return JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      const position = /position (\d+)/.exec(message);
      // "Unexpected end of JSON input" has no position: the problem is at the end of the file.
      const where = lineAndColumn(text, position ? Number(position[1]) : text.trimEnd().length);
      throw new InputError(
        `${path}: invalid JSON at ${where}: ${message.replace(/ in JSON at position \d+.*$/, '')}`,
        { cause: error },
      );
    }
  }
  if (!text.trim()) throw new InputError(`${path}: the file is empty`);
  // yaml is CommonJS: under the bundle its named exports sit on `default`.
  const yamlModule = await import('yaml');
  const { parseDocument: parseYaml } =
    typeof yamlModule.parseDocument === 'function'
      ? yamlModule
      : (yamlModule as unknown as { default: typeof yamlModule }).default;
  const doc = parseYaml(text, { uniqueKeys: false });
  const problem = doc.errors[0];
  if (problem) {
    const pos = problem.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : 'somewhere';
    const reason = (problem.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(`${path}: invalid YAML at ${where}: ${reason}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // e.g. "Excessive alias count": a file built to expand without bound.
    throw new InputError(`${path}: YAML cannot be read: ${(error as Error).message}`, { cause: error });
  }
}

export async function loadOpenApi(path: string): Promise<Inventory> {
  const doc = await parseDocument(await readInputFile(path), path);
  if (typeof doc === 'object' && doc !== null && 'apigwDoctorSnapshot' in doc) {
    throw new InputError(
      `${path} is an apigw-doctor snapshot, not an OpenAPI document: pass it with --snapshot`,
    );
  }
  return inventoryFromOpenApi(doc, path);
}

export async function loadIntendedResources(
  path: string,
): Promise<{ resources: ResourceConfig[]; title?: string }> {
  const doc = await parseDocument(await readInputFile(path), path);
  if (!isOpenApiDocument(doc)) {
    throw new InputError(
      `${path}: --source takes an OpenAPI or Swagger definition; this file has no "openapi"/"swagger" version and "paths"`,
    );
  }
  const info = doc.info as Record<string, unknown> | undefined;
  const out: { resources: ResourceConfig[]; title?: string } = { resources: resourcesFromOpenApi(doc) };
  if (typeof info?.title === 'string') out.title = info.title;
  return out;
}

export async function snapshotSchema(): Promise<Record<string, unknown>> {
  const path = join(packageRoot(), 'schema', 'snapshot.schema.json');
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

/** Validates against schema/snapshot.schema.json; returns the first problem with its JSON path. */
async function firstSchemaProblem(data: unknown): Promise<string | undefined> {
  // Compiled from the schema at build time (scripts/build-validator.mjs): no ajv at run time.
  const { default: validate } = await import('./snapshot-validator.generated.js');
  if (validate(data)) return undefined;
  const error = validate.errors?.[0];
  if (!error) return '/: invalid';
  const at = error.instancePath || '/';
  const params = error.params;
  const detail =
    error.keyword === 'additionalProperties'
      ? `unknown member "${String(params.additionalProperty)}"`
      : error.keyword === 'required'
        ? `missing member "${String(params.missingProperty)}"`
        : error.keyword === 'enum'
          ? `${error.message}: ${(params.allowedValues as unknown[]).join(', ')}`
          : (error.message ?? 'invalid');
  return `${at}: ${detail}`;
}

export async function validateSnapshot(data: unknown, path: string): Promise<void> {
  const problem = await firstSchemaProblem(data);
  if (problem) throw new InputError(`${path}: not a valid apigw-doctor snapshot at ${problem}`);
  const capturedAt = (data as { capturedAt: string }).capturedAt;
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(capturedAt) ||
    Number.isNaN(Date.parse(capturedAt))
  )
    throw new InputError(`${path}: /capturedAt: not an ISO-8601 date-time`);
}

export async function loadSnapshot(path: string): Promise<Inventory> {
  const doc = await parseDocument(await readInputFile(path), path);
  if (typeof doc === 'object' && doc !== null && !('apigwDoctorSnapshot' in doc) && isOpenApiDocument(doc)) {
    throw new InputError(`${path} is an OpenAPI document, not a snapshot: pass it with --openapi`);
  }
  await validateSnapshot(doc, path);
  return inventoryFromSnapshot(doc as Record<string, unknown>, path);
}
