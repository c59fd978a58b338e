/**
 * `scan --output html`: one self-contained page (inline CSS and JS, no external request, works offline).
 * Every value is HTML-escaped; the report travels as JSON in a data block with `<` escaped; the page's
 * Content-Security-Policy allows only its own style and script, by hash.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../../diagnose/rule.js';
import type { RouteRow, ScanApi, ScanFinding, ScanReport, ScanStage } from '../../scan/types.js';
import { checkDocUri } from './checks.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';
import {
  byText,
  callsSentence,
  findingsOf,
  formatDuration,
  REASON_TEXT,
  resourceParts,
  scopeSentence,
  SEVERITIES,
  SEVERITY_HEADING,
  sortedApis,
  sortedNotChecked,
  targetRows,
  totalFindings,
} from './model.js';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and double-quoted attribute values. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** JSON for a `<script type="application/json">` block: `<`, `>`, `&` and line separators escaped, so no `</script>`. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Nothing may load or connect; only the page's own style and script (by hash) apply. */
export const HTML_CSP = [
  "default-src 'none'",
  `style-src ${sha256(HTML_STYLE)}`,
  `script-src ${sha256(HTML_SCRIPT)}`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const dataAttrs = (attrs: Record<string, string | undefined>) =>
  Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` data-${k}="${esc(v)}"`)
    .join('');

function cards(report: ScanReport): string {
  const s = report.stats;
  const card = (cls: string, id: string, n: number, label: string) =>
    `<div class="card ${cls}"><span class="num" id="count-${id}">${esc(n)}</span>${esc(label)}</div>`;
  return [
    '<div class="cards">',
    ...SEVERITIES.map((sev) =>
      card(sev, sev, s.findingsBySeverity[sev] ?? 0, SEVERITY_HEADING[sev].toLowerCase()),
    ),
    card('', 'not-checked', report.notChecked.length, 'not checked'),
    card('', 'accounts', s.accounts, 'accounts'),
    card('', 'regions', s.regions, 'regions'),
    card('', 'apis', s.apis, 'APIs'),
    card('', 'domains', s.domains, 'custom domains'),
    '</div>',
  ].join('\n');
}

function targetsTable(report: ScanReport): string {
  const rows = targetRows(report).map(
    (t) =>
      `<tr class="${t.status === 'checked' ? 'checked' : 'not-checked'}" data-scope="target"${dataAttrs({ account: t.account, region: t.region })}>` +
      `<td class="k">${esc(t.account)}</td><td>${esc(t.via ?? '')}</td><td class="k">${esc(t.region)}</td>` +
      `<td class="k">${t.status === 'checked' ? 'checked' : 'not checked'}</td>` +
      [t.apis, t.domains, t.bySeverity.error, t.bySeverity.warning, t.bySeverity.info]
        .map((n) => `<td class="n">${esc(n)}</td>`)
        .join('') +
      '</tr>',
  );
  return [
    '<table id="targets"><thead><tr><th>Account</th><th>Reached through</th><th>Region</th><th>Status</th>' +
      '<th>APIs</th><th>Domains</th><th>Errors</th><th>Warnings</th><th>Info</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table>',
  ].join('\n');
}

function filters(report: ScanReport): string {
  const boxes = SEVERITIES.map(
    (s) =>
      `<label><input type="checkbox" name="severity" value="${s}" checked> ${esc(SEVERITY_HEADING[s].toLowerCase())} (${esc(report.stats.findingsBySeverity[s] ?? 0)})</label>`,
  );
  // Shown by the script: without it the filters could not work.
  return [
    '<form id="filters" hidden>',
    ...boxes,
    '<label>Account <select id="f-account"><option value="">all</option></select></label>',
    '<label>Region <select id="f-region"><option value="">all</option></select></label>',
    '<label>Check <select id="f-check"><option value="">all</option></select></label>',
    '<label>Text <input type="search" id="f-text" placeholder="name, id, evidence…"></label>',
    '<button type="reset">Reset</button>',
    '<span id="shown" class="muted"></span>',
    '</form>',
  ].join('\n');
}

function findingArticle(f: ScanFinding): string {
  const where = [
    `account ${f.account}`,
    `region ${f.region}`,
    ...resourceParts(f).map(([k, v]) => `${k} ${v}`),
  ];
  const parts = [
    `<article class="finding sev-${esc(f.severity)}"${dataAttrs({ severity: f.severity, account: f.account, region: f.region, check: f.id })}>`,
    `<h4><span class="sev">${esc(f.severity)}</span>${esc(f.title)}</h4>`,
    `<p class="where">${where.map(esc).join(' · ')} · <a href="${esc(checkDocUri(f.id))}">${esc(f.id)}</a></p>`,
    `<p>${esc(f.explanation)}</p>`,
  ];
  if (f.evidence.length > 0) {
    parts.push(
      '<div class="label">Evidence</div>',
      `<pre class="evidence">${f.evidence.map(esc).join('\n')}</pre>`,
    );
  }
  if (f.fix) {
    parts.push(`<div class="label">Fix</div>`, `<p>${esc(f.fix.summary)}</p>`);
    if (f.fix.commands.length > 0)
      parts.push(`<pre class="fix"><code>${f.fix.commands.map(esc).join('\n')}</code></pre>`);
  }
  if (f.sources.length > 0) {
    parts.push(
      `<p class="muted">Sources: ${f.sources.map((s) => (/^https:\/\//.test(s) ? `<a href="${esc(s)}">${esc(s)}</a>` : esc(s))).join(', ')}</p>`,
    );
  }
  parts.push('</article>');
  return parts.join('\n');
}

function findingsSection(report: ScanReport): string {
  const out = [`<section id="findings"><h2>Findings (${esc(totalFindings(report))})</h2>`, filters(report)];
  if (report.findings.length === 0) out.push('<p>No findings.</p>');
  out.push('<p id="no-match" hidden>No finding matches the filters.</p>');
  for (const severity of SEVERITIES) {
    const list = findingsOf(report.findings, severity);
    if (list.length === 0) continue;
    out.push(
      `<section class="sev-group" id="severity-${severity}"><h3>${esc(SEVERITY_HEADING[severity as Severity])} (${list.length})</h3>`,
      ...list.map(findingArticle),
      '</section>',
    );
  }
  out.push('</section>');
  return out.join('\n');
}

const STATE: Record<RouteRow['state'], { deployed: string; current: string; label: string }> = {
  same: { deployed: '✓', current: '✓', label: 'deployed as configured' },
  undeployed: { deployed: '—', current: '✓', label: 'configured, NOT deployed' },
  removed: { deployed: '✓', current: '—', label: 'deployed, no longer configured' },
  changed: { deployed: '✓', current: '✓', label: 'changed since deployment' },
};

function stageDetails(api: ScanApi, stage: ScanStage): string {
  const pending = stage.routes.filter((r) => r.state !== 'same');
  const facts = [
    stage.deploymentId ? `deployment ${stage.deploymentId}` : 'no deployment',
    ...(stage.deployedAt ? [`deployed ${stage.deployedAt}`] : []),
    ...(stage.autoDeploy !== undefined ? [`auto-deploy ${stage.autoDeploy ? 'on' : 'off'}`] : []),
    ...(stage.canaryDeploymentId ? [`canary ${stage.canaryDeploymentId}`] : []),
    pending.length > 0
      ? `${pending.length} of ${stage.routes.length} routes differ`
      : `${stage.routes.length} routes, all deployed`,
  ];
  const rows = [...stage.routes]
    .sort((a, b) => byText(a.path, b.path) || byText(a.method, b.method))
    .map((r) => {
      const s = STATE[r.state] ?? { deployed: '?', current: '?', label: r.state };
      return (
        `<tr class="state-${esc(r.state)}"><td>${esc(r.method || '—')}</td><td><code>${esc(r.path)}</code></td>` +
        `<td>${s.deployed}</td><td>${s.current}</td><td>${esc(s.label)}</td>` +
        `<td>${esc(r.authorization ?? '')}</td><td>${r.apiKeyRequired ? 'required' : ''}</td><td>${esc(r.change ?? '')}</td></tr>`
      );
    });
  return [
    `<details class="stage"${pending.length > 0 || stage.deploymentId === null ? ' open' : ''}>`,
    `<summary>Stage <strong>${esc(stage.name)}</strong> · ${facts.map(esc).join(' · ')}</summary>`,
    rows.length === 0
      ? '<p class="muted">No routes.</p>'
      : `<table class="routes" data-api="${esc(api.id)}" data-stage="${esc(stage.name)}"><thead><tr><th>Method</th><th>${api.kind === 'REST' ? 'Resource path' : 'Route'}</th>` +
        '<th>Deployed</th><th>Current</th><th>State</th><th>Authorization</th><th>API key</th><th>Change</th></tr></thead><tbody>\n' +
        rows.join('\n') +
        '\n</tbody></table>',
    '</details>',
  ].join('\n');
}

function apisSection(report: ScanReport): string {
  const out = ['<section id="apis"><h2>APIs: deployed versus current</h2>'];
  if (report.apis.length === 0) out.push('<p>No APIs.</p>');
  for (const api of sortedApis(report.apis)) {
    const facts = [
      api.kind,
      ...(api.endpointType ? [api.endpointType] : []),
      `account ${api.account}`,
      `region ${api.region}`,
      ...(api.disableExecuteApiEndpoint ? ['execute-api endpoint disabled'] : []),
      ...Object.entries(api.tags ?? {})
        .sort(([a], [b]) => byText(a, b))
        .map(([k, v]) => `${k}=${v}`),
    ];
    out.push(
      `<section class="api" data-scope="api"${dataAttrs({ account: api.account, region: api.region })}>`,
      `<h3>${esc(api.name)} <span class="muted">(${esc(api.id)})</span></h3>`,
      `<p class="muted">${facts.map(esc).join(' · ')}</p>`,
      ...(api.stages.length === 0
        ? ['<p class="muted">No stages.</p>']
        : api.stages.map((s) => stageDetails(api, s))),
      '</section>',
    );
  }
  out.push('</section>');
  return out.join('\n');
}

function domainsSection(report: ScanReport): string {
  if (report.domains.length === 0) return '';
  const rows = [...report.domains]
    .sort(
      (a, b) =>
        byText(a.account, b.account) || byText(a.region, b.region) || byText(a.domainName, b.domainName),
    )
    .flatMap((d) =>
      (d.mappings.length === 0 ? [undefined] : d.mappings).map(
        (m) =>
          `<tr data-scope="domain"${dataAttrs({ account: d.account, region: d.region })}${m && m.target !== 'ok' ? ' class="state-removed"' : ''}>` +
          `<td>${esc(d.domainName)}</td><td>${esc(d.endpointType ?? '')}</td><td class="k">${esc(d.account)}</td><td class="k">${esc(d.region)}</td>` +
          (m
            ? `<td><code>${esc(m.basePath)}</code></td><td>${esc(m.apiId)}</td><td>${esc(m.stage)}</td><td>${esc(m.target === 'ok' ? 'ok' : m.target === 'missing-api' ? 'API missing' : 'stage missing')}</td>`
            : '<td colspan="4" class="muted">no mappings</td>') +
          '</tr>',
      ),
    );
  return [
    '<section id="domains"><h2>Custom domains</h2>',
    '<table><thead><tr><th>Domain</th><th>Endpoint</th><th>Account</th><th>Region</th><th>Base path</th><th>API</th><th>Stage</th><th>Target</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table></section>',
  ].join('\n');
}

function notCheckedSection(report: ScanReport): string {
  const list = sortedNotChecked(report.notChecked);
  if (list.length === 0) return '';
  return [
    `<section id="not-checked"><h2>Not checked (${list.length})</h2>`,
    '<table><thead><tr><th>Account</th><th>Region</th><th>API</th><th>Reason</th><th>Message</th></tr></thead><tbody>',
    ...list.map(
      (n) =>
        `<tr data-scope="not-checked"${dataAttrs({ account: n.account, region: n.region ?? '' })}>` +
        `<td class="k">${esc(n.account)}</td><td class="k">${esc(n.region ?? 'all regions')}</td><td>${esc(n.apiId ?? '')}</td>` +
        `<td>${esc(REASON_TEXT[n.reason] ?? n.reason)}</td><td>${esc(n.message)}</td></tr>`,
    ),
    '</tbody></table></section>',
  ].join('\n');
}

export function renderHtml(report: ScanReport): string {
  const by = report.stats.findingsBySeverity;
  const title = `apigw-doctor fleet scan: ${by.error ?? 0} errors, ${by.warning ?? 0} warnings, ${by.info ?? 0} info`;
  return (
    [
      '<!doctype html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8">',
      `<meta http-equiv="Content-Security-Policy" content="${esc(HTML_CSP)}">`,
      '<meta name="referrer" content="no-referrer">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>${esc(title)}</title>`,
      `<style>${HTML_STYLE}</style>`,
      '</head>',
      '<body>',
      '<header>',
      '<h1>apigw-doctor fleet scan</h1>',
      `<p>Scanned ${esc(scopeSentence(report))}.</p>`,
      `<p class="muted">${esc(report.startedAt)} → ${esc(report.finishedAt)} · ${esc(callsSentence(report))} · apigw-doctor ${esc(report.tool.version)}</p>`,
      report.partial
        ? '<p class="banner" id="partial"><strong>Partial:</strong> the scan stopped early; this is what it found so far.</p>'
        : '',
      '</header>',
      '<section id="summary"><h2>Summary</h2>',
      cards(report),
      '<h3>By account and region</h3>',
      targetsTable(report),
      '</section>',
      findingsSection(report),
      apisSection(report),
      domainsSection(report),
      notCheckedSection(report),
      `<footer>apigw-doctor ${esc(report.tool.version)} · report schema ${esc(report.schemaVersion)} · scan took ${esc(formatDuration(report.stats.durationMs))}. The report's JSON is embedded in this page (script#scan-report).</footer>`,
      `<script type="application/json" id="scan-report">${jsonForScript(report)}</script>`,
      `<script>${HTML_SCRIPT}</script>`,
      '</body>',
      '</html>',
    ]
      .filter((line) => line !== '')
      .join('\n') + '\n'
  );
}
