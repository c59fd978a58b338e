import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { InputError } from '../model/errors.js';
import type { LintInput } from './engine.js';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.terraform', '.serverless', '.aws-sam', 'cdk.out']);
const LINTED = /\.(ya?ml|json|tf|template)$/i;

/** Expands files and folders (recursively) into lint inputs; paths are reported relative to `cwd`. */
export async function collectLintInputs(paths: string[], cwd: string): Promise<LintInput[]> {
  const found: string[] = [];
  for (const path of paths) {
    const full = resolve(cwd, path);
    const info = await stat(full).catch(() => null);
    if (!info) throw new InputError(`${path}: no such file or folder`);
    if (info.isDirectory()) await walk(full, found);
    else found.push(full);
  }
  const unique = [...new Set(found)];
  return Promise.all(
    unique.map(async (file) => ({
      // Inside the working folder: relative (as SARIF wants); elsewhere: the absolute path, not ../../…
      path: reportPath(cwd, file),
      text: await readFile(file, 'utf8').catch((error: Error) => error),
    })),
  );
}

function reportPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

async function walk(folder: string, found: string[]): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) await walk(full, found);
    } else if (
      entry.isFile() &&
      LINTED.test(entry.name) &&
      !/^package(-lock)?\.json$|^tsconfig.*\.json$/.test(entry.name)
    ) {
      found.push(full);
    }
  }
}
