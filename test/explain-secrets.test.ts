import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { ROOT, runCli, SHOP_SNAPSHOT } from './helpers.js';

// The fake secrets planted in the recorded fixtures (scripts/record-evidence.mjs, scripts/evidence-samples.mjs):
// headers, cookies, query strings, JSON and form bodies, curl -H lines, the CLI's canonical request and
// headers dict, CloudTrail requestParameters and responseElements, access-log fields, execution-log lines.
const PLANTED = [
  'PLANTEDapikey0123456789abcdefghij',
  'PLANTEDjwtpayload',
  'PLANTEDcookie0123456789',
  'PLANTEDpassw0rd!',
  'PLANTEDclientsecret0123',
  'PLANTED0signature0query',
  'IQoJb3JpZ2luX2VjEPLANTEDsessiontoken',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
];

const EVIDENCE = `${ROOT}test/fixtures/evidence/`;
const files = readdirSync(EVIDENCE, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(`${EVIDENCE}${d.name}`)
      .filter((f) => f !== 'README.md')
      .map((f) => `${EVIDENCE}${d.name}/${f}`),
  );

function text(file: string): string {
  const raw = readFileSync(file);
  return (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
}

/** The signatures the tools computed (SigV4 headers, botocore's "Signature:" lines): secrets too. */
function signatures(content: string): string[] {
  const found = new Set<string>();
  for (const m of content.matchAll(/Signature=([0-9a-f]{64})/g)) found.add(m[1]!);
  for (const m of content.matchAll(/Signature:\n([0-9a-f]{64})/g)) found.add(m[1]!);
  return [...found];
}

function assertClean(where: string, output: string, extra: string[]): void {
  for (const secret of [...PLANTED, ...extra])
    assert.ok(!output.includes(secret), `${where} leaks ${secret.slice(0, 24)}…`);
}

test('the corpus really holds the planted secrets (a test that cannot fail is a defect)', () => {
  const all = files.map(text).join('\n');
  for (const secret of PLANTED) assert.ok(all.includes(secret), `nothing planted: ${secret}`);
  assert.ok(signatures(all).length > 3);
});

for (const file of files) {
  test(`no planted secret survives explain or --redact-only: ${path.relative(EVIDENCE, file)}`, async () => {
    const extra = signatures(text(file));
    for (const output of ['text', 'json']) {
      const r = await runCli([
        'explain',
        file,
        '--snapshot',
        SHOP_SNAPSHOT,
        '--api',
        'a1b2c3d4e5',
        '--output',
        output,
      ]);
      assert.ok(r.code === 0 || r.code === 1, `${file}: ${r.stderr}`);
      assertClean(`explain -o ${output}`, r.stdout + r.stderr, extra);
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'explain-redact-'));
    const copy = path.join(dir, path.basename(file));
    const redacted = await runCli(['explain', file, '--redact-only', copy]);
    assert.equal(redacted.code, 0, redacted.stderr);
    assertClean('--redact-only stderr', redacted.stderr, extra);
    assertClean('the redacted copy', text(copy), extra);
    // Still the same kind of evidence, still parseable, with the same calls.
    const [before, after] = await Promise.all([
      runCli(['explain', file, '--output', 'json']),
      runCli(['explain', copy, '--output', 'json']),
    ]);
    assert.equal(after.code, before.code, after.stderr);
    const summary = (s: string) => {
      const report = JSON.parse(s) as {
        files: { kind: string; calls: number }[];
        totals: { calls: number; failed: number };
      };
      return { kind: report.files[0]!.kind, calls: report.totals.calls, failed: report.totals.failed };
    };
    assert.deepEqual(summary(after.stdout), summary(before.stdout));
  });
}
