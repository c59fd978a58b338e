import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadSnapshot } from '../src/sources/load.js';
import type { Inventory } from '../src/model/types.js';

/** The repository root (tests run from dist/test/). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The bundled CLI, as users run it (`bin` in package.json). */
export const CLI = `${ROOT}dist/cli/main.js`;
export const SHOP_SNAPSHOT = `${ROOT}examples/shop/snapshot.json`;
export const SHARED = `${ROOT}../shared/`;

let shop: Promise<Inventory> | undefined;
/** The bundled example account, loaded once per test file. */
export function shopInventory(): Promise<Inventory> {
  shop ??= loadSnapshot(SHOP_SNAPSHOT);
  return shop;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a real process, the way a user does. */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
