/**
 * The HTML scan report, opened in a real browser (Debian's Chromium driven by playwright-core, offline):
 * it renders the summary and the deployed-versus-current route tables, logs no error, requests nothing
 * but itself, keeps hostile API and stage names inert, and its filters work.
 *
 * Chromium missing is reported loudly (skipped subtests and a banner on stderr), never a silent pass;
 * APIGW_DOCTOR_REQUIRE_VALIDATORS=1 turns it into a failure (the convention of emit.test.ts).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test, type TestContext } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { renderScanReport } from '../src/report/scan/index.js';
import type { ScanReport } from '../src/scan/types.js';
import { ROOT } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const FIXTURE = `${ROOT}test/fixtures/scan/fleet-report.json`;
const EVIL_NAME = '<img src=x onerror=alert(1)>';
const EVIL_STAGE = '"><script>window.__pwned=1</script>';
const work = mkdtempSync(join(tmpdir(), 'apigw-doctor-html-'));

function fleet(): ScanReport {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as ScanReport;
}

function writePage(name: string, html: string): string {
  const file = join(work, name);
  writeFileSync(file, html);
  return pathToFileURL(file).href;
}

let browser: Promise<Browser> | undefined;
after(async () => {
  if (browser) await (await browser).close();
});

/** Runs a browser check as a subtest; without Chromium it is skipped loudly (a failure when required). */
async function inBrowser(t: TestContext, name: string, check: (b: Browser) => Promise<void>): Promise<void> {
  await t.test(name, async (st) => {
    if (!existsSync(CHROMIUM)) {
      const message = `${CHROMIUM} is NOT installed: this browser check did NOT run (apt-get install chromium)`;
      process.stderr.write(`\n!!!!!!!! ${message} !!!!!!!!\n\n`);
      if (process.env.APIGW_DOCTOR_REQUIRE_VALIDATORS === '1') assert.fail(message);
      st.skip(message);
      return;
    }
    browser ??= chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    await check(await browser);
  });
}

interface Watched {
  context: BrowserContext;
  page: Page;
  /** Every request the page made or tried (a request blocked by the CSP is still reported). */
  requests: string[];
  /** Requests seen by the context's router (it sees file:// too). */
  routed: string[];
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
  violations(): Promise<string[]>;
}

/** Opens a page offline with every channel through which something could go wrong watched. */
async function open(
  b: Browser,
  url: string,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<Watched> {
  const context = await b.newContext({ offline: true, ...options });
  const w: Watched = {
    context,
    page: await context.newPage(),
    requests: [],
    routed: [],
    consoleErrors: [],
    pageErrors: [],
    dialogs: [],
    violations: () =>
      w.page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []),
  };
  await context.route('**/*', (route) => {
    w.routed.push(route.request().url());
    return route.continue();
  });
  w.page.on('request', (r) => w.requests.push(r.url()));
  w.page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') w.consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  w.page.on('pageerror', (e) => w.pageErrors.push(String(e)));
  w.page.on('dialog', (d) => {
    w.dialogs.push(d.message());
    return d.dismiss();
  });
  await w.page.addInitScript(() => {
    const list: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = list;
    document.addEventListener('securitypolicyviolation', (e) =>
      list.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await w.page.goto(url);
  return w;
}

async function assertQuiet(w: Watched, url: string): Promise<void> {
  assert.deepEqual(w.requests, [url], 'no request besides the page itself');
  assert.deepEqual(w.routed, [url]);
  assert.deepEqual(w.consoleErrors, [], 'no console error or warning (a CSP refusal would be one)');
  assert.deepEqual(w.pageErrors, []);
  assert.deepEqual(w.dialogs, [], 'no alert fired');
  assert.deepEqual(await w.violations(), [], 'nothing tried what the CSP forbids');
  assert.equal(await w.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
}

// ---- the page as text --------------------------------------------------------------------------

test('html: one self-contained file; CSP first, allowing only its own style and script by hash', () => {
  const report = fleet();
  const html = renderScanReport(report, 'html');
  const head = html.slice(0, html.indexOf('</head>'));
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(head)?.[1];
  assert.ok(csp, 'a CSP meta tag');
  assert.ok(
    head.indexOf('Content-Security-Policy') < head.indexOf('<style'),
    'the CSP comes before any style',
  );
  const policy = csp.replace(/&#39;/g, "'");
  const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 2, 'the data block and the page script, nothing else');
  assert.equal(scripts[0]![1], ' type="application/json" id="scan-report"');
  assert.equal(
    policy,
    `default-src 'none'; style-src ${hash(style)}; script-src ${hash(scripts[1]![2]!)}; base-uri 'none'; form-action 'none'`,
  );
  // Nothing to fetch: no element that loads, no src, no url() or @import; links are plain https anchors.
  const tags = [...html.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/gi)];
  const tagNames = new Set(tags.map((m) => m[1]!.toLowerCase()));
  for (const loader of [
    'img',
    'link',
    'iframe',
    'object',
    'embed',
    'video',
    'audio',
    'source',
    'svg',
    'base',
  ]) {
    assert.ok(!tagNames.has(loader), `no <${loader}>`);
  }
  for (const [, name, attrs] of tags) {
    assert.ok(!/\s(src|srcset|action|formaction|background|poster)=/i.test(attrs!), `<${name}${attrs}>`);
    assert.ok(!/\son[a-z]+=/i.test(attrs!), `no inline handler: <${name}${attrs}>`);
  }
  assert.deepEqual(style.match(/url\(|@import/g) ?? [], []);
  for (const [, href] of html.matchAll(/href="([^"]*)"/g)) assert.match(href!, /^https:\/\//);
  // The embedded data is the report, with no `<` that could end the block.
  const data = scripts[0]![2]!;
  assert.ok(!data.includes('<'));
  assert.deepEqual(JSON.parse(data), report);
  // Hostile names appear only escaped.
  assert.ok(!html.includes('<img') && !html.includes('<svg') && !html.includes('<b>mallory'));
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.equal(renderScanReport(fleet(), 'html'), html, 'the same report gives the same bytes');
});

// ---- the page in a browser ---------------------------------------------------------------------

test('html in Chromium: renders offline, quiet, nothing requested, hostile names inert', async (t) => {
  const report = fleet();
  const url = writePage('fleet.html', renderScanReport(report, 'html'));
  await inBrowser(t, 'render', async (b) => {
    const w = await open(b, url);
    try {
      const { page } = w;
      // The summary shows the report's numbers.
      const text = async (selector: string) => (await page.locator(selector).textContent())?.trim();
      assert.equal(await text('#count-error'), String(report.stats.findingsBySeverity.error));
      assert.equal(await text('#count-warning'), String(report.stats.findingsBySeverity.warning));
      assert.equal(await text('#count-info'), String(report.stats.findingsBySeverity.info));
      assert.equal(await text('#count-not-checked'), String(report.notChecked.length));
      assert.equal(await text('#count-apis'), String(report.stats.apis));
      assert.ok(await page.locator('#count-error').isVisible());
      assert.equal(await page.locator('#targets tbody tr').count(), report.targets.length);
      assert.equal(await page.locator('#not-checked tbody tr').count(), report.notChecked.length);
      assert.equal(await page.locator('article.finding').count(), report.findings.length);
      assert.equal(await text('#shown'), `${report.findings.length} of ${report.findings.length} shown`);

      // Deployed versus current, route by route, for shop-api's prod stage.
      const rows = await page
        .locator('table.routes[data-api="a1b2c3d4e5"][data-stage="prod"] tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')),
        );
      assert.deepEqual(
        rows.map((r) => r.slice(0, 5)),
        [
          ['GET', '/', '✓', '✓', 'deployed as configured'],
          ['DELETE', '/cart', '✓', '—', 'deployed, no longer configured'],
          ['GET', '/orders', '✓', '✓', 'changed since deployment'],
          ['GET', '/products', '✓', '✓', 'deployed as configured'],
          ['GET', '/products/{id}', '✓', '✓', 'deployed as configured'],
          ['POST', '/reviews', '—', '✓', 'configured, NOT deployed'],
        ],
      );
      assert.equal(rows[2]![7], 'authorization NONE → AWS_IAM');
      assert.ok(await page.locator('table.routes[data-api="a1b2c3d4e5"][data-stage="prod"]').isVisible());

      // Hostile names are text on the page, and nothing they carry became an element or ran.
      assert.ok(await page.locator('section.api h3').filter({ hasText: EVIL_NAME }).isVisible());
      assert.ok(
        (await page.locator('section.api h3').allTextContents()).some((h) => h.startsWith(EVIL_NAME)),
      );
      assert.ok(
        (await page.locator('summary').allTextContents()).some((s) => s.includes(`Stage ${EVIL_STAGE} ·`)),
      );
      assert.ok((await page.locator('body').textContent())!.includes('catalog | `search` api ``` | x'));
      assert.ok((await page.locator('body').textContent())!.includes('Bestellungen-API — Zahlung ✓ 注文 🚀'));
      assert.equal(await page.locator('img, svg, iframe, object, embed, b').count(), 0);
      assert.equal(await page.locator('script').count(), 2);
      await assertQuiet(w, url);
    } finally {
      await w.context.close();
    }
  });
});

test('html in Chromium: the filters hide and show findings (severity, account, region, check, text)', async (t) => {
  const report = fleet();
  const url = writePage('filters.html', renderScanReport(report, 'html'));
  await inBrowser(t, 'filters', async (b) => {
    const w = await open(b, url);
    try {
      const { page } = w;
      const visible = () => page.locator('article.finding:visible').count();
      const shown = async () => (await page.locator('#shown').textContent())?.trim();
      const total = report.findings.length;
      const count = (pred: (f: ScanReport['findings'][number]) => boolean) =>
        report.findings.filter(pred).length;
      assert.ok(await page.locator('#filters').isVisible(), 'the script shows the filters');
      assert.equal(await visible(), total);

      await page.locator('input[name=severity][value=warning]').uncheck();
      assert.equal(
        await visible(),
        count((f) => f.severity !== 'warning'),
      );
      assert.equal(await shown(), `${count((f) => f.severity !== 'warning')} of ${total} shown`);
      assert.equal(await page.locator('article.finding.sev-warning:visible').count(), 0);
      assert.ok(!(await page.locator('#severity-warning').isVisible()), 'an emptied group is hidden');
      await page.locator('input[name=severity][value=warning]').check();

      // The select options come from the embedded data.
      const accounts = await page.locator('#f-account option').allTextContents();
      assert.deepEqual(accounts, ['all', '111111111111', '222222222222', '333333333333', '444444444444']);
      await page.locator('#f-account').selectOption('222222222222');
      assert.equal(
        await visible(),
        count((f) => f.account === '222222222222'),
      );
      assert.equal(
        await page.locator('section.api:visible').count(),
        report.apis.filter((a) => a.account === '222222222222').length,
      );
      assert.equal(
        await page.locator('#targets tbody tr:visible').count(),
        report.targets.filter((x) => x.account === '222222222222').length,
      );
      await page.locator('#f-region').selectOption('eu-central-1');
      assert.equal(
        await visible(),
        count((f) => f.account === '222222222222' && f.region === 'eu-central-1'),
      );
      await page.locator('#f-account').selectOption('');
      await page.locator('#f-region').selectOption('');

      await page.locator('#f-check').selectOption('root-no-method');
      assert.equal(
        await visible(),
        count((f) => f.id === 'root-no-method'),
      );
      await page.locator('#f-check').selectOption('');

      await page.locator('#f-text').fill('__PWNED');
      assert.equal(await visible(), 1, 'free text, case-insensitive');
      await page.locator('#f-text').fill('no such thing anywhere');
      assert.equal(await visible(), 0);
      assert.ok(await page.locator('#no-match').isVisible());

      await page.locator('#filters button[type=reset]').click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('article.finding:not([hidden])').length === n,
        total,
      );
      assert.equal(await visible(), total);
      await assertQuiet(w, url);
    } finally {
      await w.context.close();
    }
  });
});

test('html in Chromium: without JavaScript everything is still shown (filters hidden)', async (t) => {
  const report = fleet();
  const url = writePage('nojs.html', renderScanReport(report, 'html'));
  await inBrowser(t, 'no javascript', async (b) => {
    const w = await open(b, url, { javaScriptEnabled: false });
    try {
      assert.equal(await w.page.locator('article.finding:visible').count(), report.findings.length);
      assert.ok(!(await w.page.locator('#filters').isVisible()));
      assert.deepEqual(w.requests, [url]);
    } finally {
      await w.context.close();
    }
  });
});

test('html in Chromium: the watchers catch a request, a script and an alert (the checks can fail)', async (t) => {
  const url = writePage(
    'unsafe.html',
    `<!doctype html><title>unsafe</title><p>x</p><img src="http://127.0.0.1:9/x.png">${EVIL_NAME}${EVIL_STAGE}`,
  );
  await inBrowser(t, 'control', async (b) => {
    const w = await open(b, url);
    try {
      await w.page.waitForFunction(() => document.readyState === 'complete');
      assert.ok(w.requests.includes('http://127.0.0.1:9/x.png'));
      assert.deepEqual(w.dialogs, ['1']);
      assert.equal(await w.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), 1);
      await assert.rejects(assertQuiet(w, url));
    } finally {
      await w.context.close();
    }
  });
});
