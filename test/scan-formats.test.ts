import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, test } from 'node:test';
import type { Log } from 'sarif';
import type { ScanReport } from '../src/scan/types.js';
import { startFakeApiGateway, type FakeApiGateway } from './fake/apigateway-server.js';
import { runCli } from './helpers.js';
import { sarifErrors } from './sarif-schema.js';
import { ACCOUNT_A, ACCOUNT_B, fleetFaults, fleetSnapshot, KEY } from './scan-fleet.js';

// The engine and the five renderers together: one real scan against the fake, then every format,
// straight from `scan` and through `merge`, must carry the same findings.

const work = mkdtempSync(`${tmpdir()}/apigw-doctor-scan-formats-`);
const env = {
  AWS_ACCESS_KEY_ID: KEY.id,
  AWS_SECRET_ACCESS_KEY: KEY.secret,
  AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: `${work}/none`,
  AWS_SHARED_CREDENTIALS_FILE: `${work}/none`,
  AWS_EC2_METADATA_DISABLED: 'true',
};

let fake: FakeApiGateway;
let report: ScanReport;
const accountsFile = `${work}/accounts.txt`;
const args = () => [
  'scan',
  '--accounts-file',
  accountsFile,
  '--regions',
  'eu-west-1,us-east-1',
  '--endpoint-url',
  fake.url,
];

before(async () => {
  fake = await startFakeApiGateway({
    snapshot: fleetSnapshot(),
    ...fleetFaults(),
    organization: { accounts: [{ id: ACCOUNT_A }, { id: ACCOUNT_B }] },
  });
  writeFileSync(
    accountsFile,
    `${ACCOUNT_A} arn:aws:iam::${ACCOUNT_A}:role/Scan\n${ACCOUNT_B} arn:aws:iam::${ACCOUNT_B}:role/Scan\n`,
  );
  const r = await runCli([...args(), '-o', 'json', '--out', `${work}/scan.json`], { env });
  assert.equal(r.code, 1, r.stderr);
  report = JSON.parse(readFileSync(`${work}/scan.json`, 'utf8')) as ScanReport;
  assert.ok(report.findings.length >= 5, 'the fleet has findings in both accounts');
});
after(() => fake.close());

test('scan -o sarif: valid against the official schema, one result per finding, help links to docs/findings.md', async () => {
  const r = await runCli([...args(), '-o', 'sarif'], { env });
  assert.equal(r.code, 1, r.stderr);
  const log = JSON.parse(r.stdout) as Log;
  assert.deepEqual(sarifErrors(log), []);
  const results = log.runs[0]!.results!;
  assert.equal(results.length, report.findings.length);
  assert.deepEqual(results.map((x) => x.ruleId).sort(), report.findings.map((f) => f.id).sort());
  for (const rule of log.runs[0]!.tool.driver.rules!)
    assert.match(rule.helpUri!, new RegExp(`/docs/findings\\.md#${rule.id}$`));
});

test('scan -o table / markdown / html name every finding; merge renders the same report', async () => {
  const table = await runCli([...args(), '-o', 'table'], { env });
  assert.equal(table.code, 1, table.stderr);
  const markdown = await runCli(['merge', `${work}/scan.json`, '-o', 'markdown'], { env });
  assert.equal(markdown.code, 1, markdown.stderr);
  const html = await runCli(['merge', `${work}/scan.json`, '-o', 'html', '--out', `${work}/scan.html`], {
    env,
  });
  assert.equal(html.code, 1, html.stderr);
  const page = readFileSync(`${work}/scan.html`, 'utf8');
  assert.match(page, /^<!DOCTYPE html>/i);
  for (const f of report.findings) {
    const resource = f.apiId ?? f.domain!;
    assert.ok(
      table.stdout.includes(f.id) && table.stdout.includes(resource),
      `table lacks ${f.id} ${resource}`,
    );
    assert.ok(markdown.stdout.includes(f.id) && markdown.stdout.includes(resource), `markdown lacks ${f.id}`);
    assert.ok(page.includes(f.id) && page.includes(resource), `html lacks ${f.id} ${resource}`);
  }
});
