/**
 * The fleet scan's report renderers (table, SARIF, Markdown; the HTML page has its own file): golden
 * files, the official SARIF schema, GitHub's own Markdown renderer (cmark-gfm) fed hostile names, width,
 * terminal safety and determinism. The fixture is a realistic report of 3 scanned accounts (and one that
 * could not be reached) with every check id and every not-checked reason.
 *
 * cmark-gfm missing from PATH is reported loudly (a skipped subtest and a banner on stderr), never a
 * silent pass; APIGW_DOCTOR_REQUIRE_VALIDATORS=1 turns it into a failure (the convention of emit.test.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test, type TestContext } from 'node:test';
import { checkDocUri, FINDINGS_DOC_BASE, SCAN_CHECKS } from '../src/report/scan/checks.js';
import { renderScanReport, SCAN_FORMATS } from '../src/report/scan/index.js';
import { mdCode, mdText } from '../src/report/scan/markdown.js';
import { displayWidth } from '../src/report/scan/terminal.js';
import type { NotChecked, ScanReport } from '../src/scan/types.js';
import { ROOT } from './helpers.js';
import { sarifErrors } from './sarif-schema.js';
import { matchesGolden } from './tools.js';

const FIXTURE = `${ROOT}test/fixtures/scan/fleet-report.json`;
const GOLDEN = `${ROOT}test/fixtures/golden/`;
const matchesGoldenIn = (actual: string, name: string) => matchesGolden(actual, `${GOLDEN}${name}`);
const EVIL_NAME = '<img src=x onerror=alert(1)>';
const EVIL_STAGE = '"><script>window.__pwned=1</script>';

/** A fresh copy each time, so a test cannot leak changes into another. */
function fleet(): ScanReport {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as ScanReport;
}

function emptyReport(): ScanReport {
  return {
    schemaVersion: 1,
    tool: { name: 'apigw-doctor', version: '0.1.0' },
    startedAt: '2026-11-28T10:00:00.000Z',
    finishedAt: '2026-11-28T10:00:01.500Z',
    partial: false,
    scope: { accounts: ['555555555555'], regions: 'all', shard: { index: 1, count: 2 } },
    targets: [
      { account: '555555555555', region: 'eu-north-1', status: 'checked', apis: 0, domains: 0, findings: 0 },
    ],
    apis: [],
    domains: [],
    findings: [],
    notChecked: [],
    stats: {
      accounts: 1,
      regions: 1,
      apis: 0,
      domains: 0,
      findingsBySeverity: { error: 0, warning: 0, info: 0 },
      calls: 3,
      throttled: 0,
      retries: 0,
      durationMs: 1500,
    },
  };
}

/** Compares with a golden file; UPDATE_GOLDEN=1 rewrites it (then review the diff). */

// ---- the fixture covers what the renderers must handle ------------------------------------------

test('fixture: every check id, every not-checked reason, all API kinds, hostile names, consistent counts', () => {
  const r = fleet();
  assert.deepEqual(
    [...new Set(r.findings.map((f) => f.id))].sort(),
    SCAN_CHECKS.map((c) => c.id).sort(),
    'every check the engine runs has a finding in the fixture',
  );
  const reasons: NotChecked['reason'][] = [
    'access-denied',
    'region-disabled',
    'retries-exhausted',
    'assume-role-failed',
    'interrupted',
    'error',
  ];
  assert.deepEqual([...new Set(r.notChecked.map((n) => n.reason))].sort(), [...reasons].sort());
  assert.deepEqual([...new Set(r.apis.map((a) => a.kind))].sort(), ['HTTP', 'REST', 'WEBSOCKET']);
  assert.equal(new Set(r.targets.map((t) => t.account)).size, 3);
  assert.ok(new Set(r.targets.map((t) => t.region)).size >= 3);
  const names = r.apis.map((a) => a.name);
  assert.ok(names.includes(EVIL_NAME));
  assert.ok(names.some((n) => n.includes('|') && n.includes('`')));
  assert.ok(
    names.some((n) => /[^ -~]/.test(n)),
    'a name beyond ASCII',
  );
  assert.ok(r.apis.some((a) => a.stages.some((s) => s.name === EVIL_STAGE)));
  // Counts agree, so the summaries the renderers print are checkable.
  for (const t of r.targets) {
    const here = (x: { account: string; region: string }) => x.account === t.account && x.region === t.region;
    assert.equal(t.apis, r.apis.filter(here).length, `${t.account} ${t.region} apis`);
    assert.equal(t.findings, r.findings.filter(here).length, `${t.account} ${t.region} findings`);
  }
  for (const s of ['error', 'warning', 'info'] as const) {
    assert.equal(r.stats.findingsBySeverity[s], r.findings.filter((f) => f.severity === s).length);
  }
  assert.equal(r.stats.apis, r.apis.length);
  assert.equal(new Set(r.findings.map((f) => f.fingerprint)).size, r.findings.length);
});

// ---- table -------------------------------------------------------------------------------------

test('table: golden output, no colour', () => {
  matchesGoldenIn(renderScanReport(fleet(), 'table'), 'scan-table.txt');
});

test('table: fits 100 columns except copyable commands; findings grouped by severity with fixes', () => {
  const out = renderScanReport(fleet(), 'table');
  const lines = out.split('\n');
  const wide = lines.filter((l) => displayWidth(l) > 100 && !l.startsWith('    $ '));
  assert.deepEqual(wide, []);
  const headings = lines.filter((l) => /^(ERRORS|WARNINGS|INFO|NOT CHECKED) \(\d+\)$/.test(l));
  assert.deepEqual(headings, ['ERRORS (4)', 'WARNINGS (7)', 'INFO (2)', 'NOT CHECKED (6)']);
  assert.ok(
    lines.includes(
      '    $ aws apigateway create-deployment --rest-api-id a1b2c3d4e5 --stage-name prod --region eu-west-1',
    ),
  );
  // Every not-checked target is listed with its reason.
  for (const line of [
    '? 444444444444 · all regions: could not assume the role',
    '? 333333333333 · us-east-1: access denied',
    '? 111111111111 · ap-east-1: region not enabled',
  ]) {
    assert.ok(lines.includes(line), line);
  }
  assert.ok(lines.some((l) => /^TOTAL\s+10\s+2\s+4\s+7\s+2$/.test(l)));
});

test('table: colours only when asked, and they change nothing but the colour', () => {
  const plain = renderScanReport(fleet(), 'table');
  const coloured = renderScanReport(fleet(), 'table', { color: true });
  assert.ok(!plain.includes('\x1b'));
  assert.ok(coloured.includes('\x1b[31m'), 'errors are red');
  // eslint-disable-next-line no-control-regex
  assert.equal(coloured.replace(/\x1b\[\d+m/g, ''), plain);
});

test('table: terminal escape sequences and bidi overrides in AWS values are printed inert', () => {
  const r = fleet();
  const hostile = 'x\x1b]0;owned\x07\x1b[2J\u202etxt.exe\nsecond line';
  r.findings[0]!.apiName = hostile;
  r.findings[0]!.title = hostile;
  r.notChecked[0]!.message = hostile;
  for (const color of [false, true]) {
    const out = renderScanReport(r, 'table', { color });
    // eslint-disable-next-line no-control-regex
    const escapes = out.match(/\x1b[^[]|\x1b\[(?!\d+m)/g) ?? [];
    assert.deepEqual(escapes, [], 'no escape sequence but our own SGR colours');
    assert.ok(!out.includes('\u202e') && !out.includes('\x07'));
    assert.ok(out.includes('x\\u001b]0;owned\\u0007\\u001b[2J\\u202etxt.exe\\nsecond line'));
  }
});

// ---- Markdown ----------------------------------------------------------------------------------

test('markdown: golden output', () => {
  matchesGoldenIn(renderScanReport(fleet(), 'markdown'), 'scan-report.md');
});

test('markdown: escaping of inline values and code blocks', () => {
  assert.equal(mdText('a|b'), 'a\\|b');
  assert.equal(mdText('`x`'), '\\`x\\`');
  assert.equal(mdText(EVIL_NAME), '\\<img src=x onerror=alert(1)\\>');
  assert.equal(mdText('line1\nline2'), 'line1\\\\nline2');
  assert.equal(
    mdText('&lt;b&gt; *b* _i_ [l](u) $x$ ~s~'),
    '\\&lt;b\\&gt; \\*b\\* \\_i\\_ \\[l\\](u) \\$x\\$ \\~s\\~',
  );
  assert.equal(mdCode(['plain']), '```text\nplain\n```');
  assert.equal(mdCode(['a ``` b', '````']), '`````text\na ``` b\n````\n`````');
});

const CMARK = spawnSync('cmark-gfm', ['--version'], { encoding: 'utf8' });

/** cmark-gfm (GitHub's Markdown renderer) as a subtest; missing, it is skipped loudly (failure when required). */
async function withCmark(t: TestContext, check: () => void): Promise<void> {
  await t.test('cmark-gfm', (st) => {
    if (!CMARK.error) return check();
    const message = 'cmark-gfm is NOT on PATH: this check did NOT run (apt-get install cmark-gfm)';
    process.stderr.write(`\n!!!!!!!! ${message} !!!!!!!!\n\n`);
    if (process.env.APIGW_DOCTOR_REQUIRE_VALIDATORS === '1') assert.fail(message);
    st.skip(message);
  });
}

function decodeEntities(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** Renders with raw HTML allowed (--unsafe), so an escaping mistake shows up as a real tag. */
function cmarkToHtml(markdown: string): string {
  const r = spawnSync(
    'cmark-gfm',
    ['--unsafe', '-e', 'table', '-e', 'autolink', '-e', 'strikethrough', '-e', 'tasklist'],
    { input: markdown, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('markdown: rendered by GitHub’s cmark-gfm, hostile values stay text and tables keep their shape', async (t) => {
  const r = fleet();
  const md = renderScanReport(r, 'markdown');
  await withCmark(t, () => {
    const html = cmarkToHtml(md);
    assert.deepEqual(html.match(/<(img|script|svg|iframe|b)\b/gi) ?? [], [], 'no HTML tag from a value');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the API name is shown as text');
    assert.ok(html.includes('&quot;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;'));
    assert.ok(html.includes('catalog | `search` api ``` | x'), 'pipes and backticks shown as typed');
    assert.ok(html.includes('Bestellungen-API — Zahlung ✓ 注文 🚀'));
    // GFM drops the cells a stray pipe adds, so compare what each cell holds with the report.
    const tables = html.split('<table>').slice(1);
    assert.equal(tables.length, 3, 'summary, by account and region, not checked… and nothing else');
    const cellsOf = (table: string) =>
      table
        .slice(table.indexOf('<tbody>'), table.indexOf('</table>'))
        .split('<tr>')
        .slice(1)
        .map((row) => [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => decodeEntities(m[1]!)));
    const byTarget = cellsOf(tables[1]!).map((cells) => cells.slice(0, 3));
    const targets = [...r.targets].sort((a, b) => (a.account + a.region < b.account + b.region ? -1 : 1));
    assert.deepEqual(
      byTarget,
      targets.map((x) => [x.account, x.via ?? '', x.region]),
    );
    assert.ok(
      targets.some((x) => x.via?.includes('|') && x.via.includes('`')),
      'the fixture has a pipe to test',
    );
    const messages = cellsOf(tables[2]!).map((cells) => cells[4]);
    assert.deepEqual([...messages].sort(), r.notChecked.map((n) => n.message).sort());
    // One code block per evidence list and per fix: a backtick fence in a value did not close a block.
    const blocks = r.findings.filter((f) => f.evidence.length > 0).length;
    const fixes = r.findings.filter((f) => f.fix && f.fix.commands.length > 0).length;
    assert.equal((html.match(/<pre>/g) ?? []).length, blocks + fixes);
    assert.ok(html.includes('```injected fence```\n</code></pre>'));
  });
});

test('markdown: the check rejects an unescaped value (the check can fail)', async (t) => {
  await withCmark(t, () => {
    const html = cmarkToHtml(`| a | b |\n| --- | --- |\n| ${EVIL_NAME} | x \`|\` y |\n`);
    assert.match(html, /<img src=x/);
  });
});

// ---- SARIF -------------------------------------------------------------------------------------

test('sarif: valid against the official 2.1.0 schema; one result per finding; rules indexed', () => {
  const r = fleet();
  const log = JSON.parse(renderScanReport(r, 'sarif'));
  assert.deepEqual(sarifErrors(log), []);
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'apigw-doctor');
  assert.equal(run.results.length, r.findings.length);
  const rules = run.tool.driver.rules as Array<{
    id: string;
    helpUri: string;
    shortDescription: { text: string };
  }>;
  assert.deepEqual(rules.map((x) => x.id).sort(), SCAN_CHECKS.map((c) => c.id).sort());
  for (const rule of rules) {
    assert.equal(rule.helpUri, `${FINDINGS_DOC_BASE}#${rule.id}`);
    assert.equal(rule.shortDescription.text, SCAN_CHECKS.find((c) => c.id === rule.id)!.title);
  }
  for (const result of run.results) assert.equal(rules[result.ruleIndex]!.id, result.ruleId);
  const levels = run.results.map((x: { level: string }) => x.level);
  assert.deepEqual(
    [
      levels.filter((l: string) => l === 'error').length,
      levels.filter((l: string) => l === 'warning').length,
    ],
    [4, 7],
  );
  assert.equal(levels.filter((l: string) => l === 'note').length, 2);
  // Same fingerprints as the report, so dashboards track a finding across scans.
  assert.deepEqual(
    run.results
      .map((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['apigwDoctor/v1'])
      .sort(),
    r.findings.map((f) => f.fingerprint).sort(),
  );
  // What was not checked is reported, and the run does not claim success.
  assert.equal(run.invocations[0].executionSuccessful, false);
  assert.equal(run.invocations[0].toolExecutionNotifications.length, r.notChecked.length);
});

test('sarif: locations are relative resource paths (GitHub accepts them), ARNs as logical locations', () => {
  const log = JSON.parse(renderScanReport(fleet(), 'sarif'));
  type Loc = {
    physicalLocation: { artifactLocation: { uri: string } };
    logicalLocations: Array<{ fullyQualifiedName: string; kind: string }>;
  };
  const results = log.runs[0].results as Array<{
    ruleId: string;
    message: { text: string };
    properties: { apiId?: string; stage?: string };
    locations: Loc[];
  }>;
  const where = (ruleId: string, apiId?: string) => {
    const loc = results.find(
      (x) => x.ruleId === ruleId && (apiId === undefined || x.properties.apiId === apiId),
    )!.locations[0]!;
    return [loc.physicalLocation.artifactLocation.uri, loc.logicalLocations[0]!.fullyQualifiedName];
  };
  assert.deepEqual(where('pending-changes', 'a1b2c3d4e5'), [
    'apigateway/111111111111/eu-west-1/restapis/a1b2c3d4e5/stages/prod',
    'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod',
  ]);
  assert.deepEqual(where('pending-changes', 'h7t8p9q0r1'), [
    'apigateway/111111111111/eu-west-1/apis/h7t8p9q0r1/stages/%24default',
    'arn:aws:apigateway:eu-west-1::/apis/h7t8p9q0r1/stages/$default',
  ]);
  assert.deepEqual(where('root-no-method', 'm4l1c10u5x'), [
    'apigateway/111111111111/eu-west-1/restapis/m4l1c10u5x/stages/%22%3E%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E',
    `arn:aws:apigateway:eu-west-1::/restapis/m4l1c10u5x/stages/${EVIL_STAGE}`,
  ]);
  assert.deepEqual(where('private-endpoint-without-resource-policy'), [
    'apigateway/222222222222/eu-west-1/restapis/p1r2i3v4a5',
    'arn:aws:apigateway:eu-west-1::/restapis/p1r2i3v4a5',
  ]);
  assert.deepEqual(where('mapping-target-missing', undefined), [
    'apigateway/111111111111/eu-west-1/domainnames/api.shop.example.com',
    'arn:aws:apigateway:eu-west-1::/domainnames/api.shop.example.com',
  ]);
  for (const r of results) {
    const uri = r.locations[0]!.physicalLocation.artifactLocation.uri;
    // No scheme: code scanning rejects absolute URIs whose scheme is not the checkout's (file:).
    assert.ok(!/^[a-z][a-z0-9+.-]*:/i.test(uri), uri);
    assert.equal(r.locations[0]!.logicalLocations[0]!.kind, 'resource');
  }
  const pending = results.find((x) => x.properties.apiId === 'a1b2c3d4e5')!.message.text;
  assert.match(
    pending,
    /^Stage prod does not serve 3 changes .*\(account 111111111111, region eu-west-1, API shop-api \(a1b2c3d4e5\), stage prod\)/,
  );
  assert.ok(pending.includes('\nEvidence:\n- + POST /reviews\n- - DELETE /cart\n'));
  assert.ok(pending.includes('$ aws apigateway create-deployment --rest-api-id a1b2c3d4e5'));
  // The schema check does reject a raw hostile name in a URI: the encoding above is what keeps the log valid.
  log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = `apigateway/${EVIL_STAGE}`;
  assert.notDeepEqual(sarifErrors(log), []);
});

test('sarif: ARNs use the region’s partition', () => {
  const r = fleet();
  const finding = r.findings.find((f) => f.apiId === 'p1r2i3v4a5' && f.stage === undefined)!;
  finding.region = 'cn-north-1';
  const log = JSON.parse(renderScanReport(r, 'sarif'));
  const arns = log.runs[0].results.map(
    (x: { locations: Array<{ logicalLocations: Array<{ fullyQualifiedName: string }> }> }) =>
      x.locations[0]!.logicalLocations[0]!.fullyQualifiedName,
  );
  assert.ok(arns.includes('arn:aws-cn:apigateway:cn-north-1::/restapis/p1r2i3v4a5'));
});

test('sarif: an unknown check id still gets a rule with its help link', () => {
  const r = fleet();
  r.findings[0]!.id = 'some-future-check';
  const log = JSON.parse(renderScanReport(r, 'sarif'));
  assert.deepEqual(sarifErrors(log), []);
  const rule = log.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'some-future-check');
  assert.equal(rule.helpUri, checkDocUri('some-future-check'));
});

// ---- every format ------------------------------------------------------------------------------

test('every format renders an empty, complete scan; the SARIF run then claims success', () => {
  const r = emptyReport();
  for (const format of SCAN_FORMATS) assert.ok(renderScanReport(r, format).length > 0, format);
  const log = JSON.parse(renderScanReport(r, 'sarif'));
  assert.deepEqual(sarifErrors(log), []);
  assert.deepEqual(log.runs[0].results, []);
  assert.equal(log.runs[0].invocations[0].executionSuccessful, true);
  assert.ok(renderScanReport(r, 'table').includes('\nNo findings.\n'));
  assert.ok(renderScanReport(r, 'markdown').includes('shard 1/2'));
  assert.deepEqual(JSON.parse(renderScanReport(r, 'json')), r);
  assert.throws(() => renderScanReport(r, 'pdf' as never), /unknown scan output format: pdf/);
});

test('rendering is pure and deterministic: same input, same bytes, no clock, input untouched', () => {
  const RealDate = Date;
  const first = SCAN_FORMATS.map((f) => renderScanReport(fleet(), f, { color: true }));
  const input = fleet();
  const before = JSON.stringify(input);
  // Any use of the clock while rendering throws.
  const trap = new Proxy(RealDate, {
    construct() {
      throw new Error('renderers must not read the clock');
    },
    get(target, key) {
      if (key === 'now') throw new Error('renderers must not read the clock');
      return Reflect.get(target, key);
    },
  });
  globalThis.Date = trap;
  try {
    const second = SCAN_FORMATS.map((f) => renderScanReport(input, f, { color: true }));
    assert.deepEqual(second, first);
  } finally {
    globalThis.Date = RealDate;
  }
  assert.equal(JSON.stringify(input), before, 'the report is not modified');
});

test('table, Markdown and SARIF do not depend on the order of the report’s lists (merged shards)', () => {
  const shuffled = fleet();
  shuffled.findings.reverse();
  shuffled.targets.reverse();
  shuffled.notChecked.reverse();
  shuffled.apis.reverse();
  shuffled.domains.reverse();
  for (const format of ['table', 'markdown', 'sarif'] as const) {
    assert.equal(renderScanReport(shuffled, format), renderScanReport(fleet(), format), format);
  }
});
