import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TestContext } from 'node:test';

// What several test files share: golden files, and external validators that may be missing.

/** Compares with a golden file; UPDATE_GOLDEN=1 rewrites it (then review the diff). */
export function matchesGolden(actual: string, file: string): void {
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  assert.ok(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 once, then review it`);
  assert.equal(actual, readFileSync(file, 'utf8'), `${file} differs (UPDATE_GOLDEN=1 to accept)`);
}

export interface Tool {
  name: string;
  available: boolean;
  version: string;
}

/** Whether a command-line tool runs here, and its version (from `name args`). */
export function probeTool(name: string, args: string[] = ['--version']): Tool {
  const r = spawnSync(name, args, {
    encoding: 'utf8',
    env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' },
  });
  if (r.error) return { name, available: false, version: '' };
  const text = `${r.stdout}\n${r.stderr}`;
  const version =
    /\b(?:version:?\s*v?|v)?(\d+\.\d+(?:\.\d+)?)/i.exec(text)?.[1] ?? text.trim().split('\n')[0] ?? '';
  return { name, available: true, version };
}

/**
 * Runs a validator as a subtest of its own; when the tool is missing the subtest is skipped, loudly
 * (and fails under APIGW_DOCTOR_REQUIRE_VALIDATORS=1), and the parent's other checks still count.
 */
export async function withTool(
  t: TestContext,
  tool: Pick<Tool, 'name' | 'available'>,
  install: string,
  check: () => void | Promise<void>,
): Promise<void> {
  await t.test(tool.name, async (st) => {
    if (tool.available) return check();
    const message = `${tool.name} is NOT on PATH: this check did NOT run (${install})`;
    process.stderr.write(`\n!!!!!!!! ${message} !!!!!!!!\n\n`);
    if (process.env.APIGW_DOCTOR_REQUIRE_VALIDATORS === '1') assert.fail(message);
    st.skip(message);
  });
}
