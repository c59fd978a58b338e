import type { Diagnosis } from '../diagnose/run.js';
import type { Finding } from '../diagnose/rule.js';
import type { ResourceConfig, RestStage } from '../model/types.js';
import type { Simulation } from '../simulate/types.js';

export interface TextOptions {
  color: boolean;
  /** Terminal width for wrapping explanations. */
  width?: number;
}

interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

function painter(color: boolean): Paint {
  const wrap = (open: number, close: number) => (s: string) =>
    color ? `\x1b[${open}m${s}\x1b[${close}m` : s;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

function wrapText(text: string, indent: string, width: number): string {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    const leading = /^\s*/.exec(paragraph)?.[0] ?? '';
    const words = paragraph.trim().split(/\s+/);
    let line = indent + leading;
    for (const word of words) {
      if (line.trim().length > 0 && line.length + word.length + 1 > width) {
        out.push(line.trimEnd());
        line = indent + leading + '  ';
      }
      line += (line.trim().length > 0 ? ' ' : '') + word;
    }
    out.push(line.trimEnd());
  }
  return out.join('\n');
}

function oneLine(body: string, max = 100): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

const MAX_ROWS = 30;

interface Row {
  method: string;
  path: string;
  auth: string;
  mark: 'match' | 'request' | 'pending' | 'none';
}

/** Deployed routes next to the one asked for: the miss (or match) highlighted, pending routes marked. */
export function routeTable(sim: Simulation, paint: Paint): string[] {
  const api = sim.api;
  if (!api || !sim.stage) return [];
  const rows: Row[] = [];
  const routeKey = (m: string, p: string) => `${m} ${p}`;
  const deployed = new Set<string>();
  if (api.kind === 'REST') {
    const stage = sim.stage as RestStage;
    const resources: ResourceConfig[] = stage.resources ?? api.currentResources ?? [];
    for (const r of resources) {
      for (const [verb, m] of Object.entries(r.methods)) {
        deployed.add(routeKey(verb, r.path));
        rows.push({
          method: verb,
          path: r.path,
          auth: `${m.authorizationType}${m.apiKeyRequired ? ' +key' : ''}`,
          mark: 'none',
        });
      }
    }
    if (stage.resources && api.currentResources) {
      for (const r of api.currentResources) {
        for (const [verb, m] of Object.entries(r.methods)) {
          if (!deployed.has(routeKey(verb, r.path))) {
            rows.push({
              method: verb,
              path: r.path,
              auth: `${m.authorizationType}${m.apiKeyRequired ? ' +key' : ''}`,
              mark: 'pending',
            });
          }
        }
      }
    }
  } else {
    for (const route of api.routes) {
      const [method = 'ANY', path = '$default'] =
        route.routeKey === '$default' ? ['ANY', '$default'] : route.routeKey.split(' ');
      rows.push({ method, path, auth: route.authorizationType, mark: 'none' });
    }
  }
  if (sim.route) {
    const hit = rows.find(
      (r) => r.method === sim.route!.httpMethod && r.path === sim.route!.resourcePath && r.mark !== 'pending',
    );
    if (hit) hit.mark = 'match';
  } else if (sim.facts.routeMiss) {
    rows.push({ method: sim.request.method, path: sim.facts.routeMiss.path, auth: '', mark: 'request' });
  }
  rows.sort((a, b) => (a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1));
  let shown = rows;
  let hidden = 0;
  if (rows.length > MAX_ROWS) {
    // Keep the rows nearest the request: the highlighted row's neighbourhood.
    const focus = Math.max(
      0,
      rows.findIndex((r) => r.mark === 'match' || r.mark === 'request'),
    );
    const start = Math.max(0, Math.min(focus - Math.floor(MAX_ROWS / 2), rows.length - MAX_ROWS));
    shown = rows.slice(start, start + MAX_ROWS);
    hidden = rows.length - shown.length;
  }
  const pathWidth = Math.min(60, Math.max(...shown.map((r) => r.path.length), 4));
  const lines = shown.map((r) => {
    const method = r.method.padEnd(8);
    const path = (r.path.length > pathWidth ? r.path.slice(0, pathWidth - 1) + '…' : r.path).padEnd(
      pathWidth,
    );
    switch (r.mark) {
      case 'match':
        return paint.green(`  ▶ ${method}${path}  ${r.auth.padEnd(18)}← serves this request`);
      case 'request':
        return paint.red(paint.bold(`  ✗ ${method}${path}  ${''.padEnd(18)}← requested: no deployed route`));
      case 'pending':
        return paint.yellow(`  + ${method}${path}  ${r.auth.padEnd(18)}configured, NOT deployed`);
      default:
        return `    ${method}${path}  ${r.auth}`;
    }
  });
  if (hidden > 0)
    lines.push(
      paint.dim(
        `    … ${hidden} more route${hidden === 1 ? '' : 's'} (--output json lists the trace; the API has ${rows.length} in all)`,
      ),
    );
  return lines;
}

const SEVERITY_ICON = { error: '✗', warning: '!', info: 'i' } as const;

function renderFinding(f: Finding, paint: Paint, width: number): string[] {
  const color = f.severity === 'error' ? paint.red : f.severity === 'warning' ? paint.yellow : paint.green;
  const lines = [
    `${color(`${SEVERITY_ICON[f.severity]} ${f.severity.toUpperCase()}`)} ${paint.bold(f.title)} ${paint.dim(`[${f.id}]`)}`,
  ];
  lines.push(wrapText(f.explanation, '    ', width));
  if (f.evidence.length) {
    lines.push(paint.dim('    Evidence:'));
    for (const e of f.evidence) lines.push(wrapText(`- ${e}`, '      ', width));
  }
  if (f.fix) {
    lines.push(`    ${paint.bold('Fix:')} ${f.fix.summary}`);
    if (f.fix.correctedUrl && !f.fix.summary.includes(f.fix.correctedUrl))
      lines.push(`      ${paint.cyan(f.fix.correctedUrl)}`);
    for (const c of f.fix.commands) lines.push(c.startsWith('#') ? paint.dim(`      ${c}`) : `      $ ${c}`);
    if (f.fix.console) lines.push(paint.dim(`      Console: ${f.fix.console}`));
  }
  if (f.verify.length) {
    lines.push(`    ${paint.bold('Verify:')}`);
    for (const v of f.verify) lines.push(`      $ ${v}`);
  }
  lines.push(paint.dim(`    basis: ${f.basis}${f.sources[0] ? ` · ${f.sources[0]}` : ''}`));
  return lines;
}

export function diagnosisToText(d: Diagnosis, options: TextOptions): string {
  const paint = painter(options.color);
  const width = Math.max(60, Math.min(options.width ?? 100, 120));
  const sim = d.simulation;
  const out: string[] = [];
  out.push(paint.bold(`${sim.request.method} ${sim.request.url}`));
  if (sim.request.fromVpcEndpoint) out.push(paint.dim(`  from VPC endpoint ${sim.request.fromVpcEndpoint}`));
  if (sim.response) {
    const who =
      sim.response.source === 'integration'
        ? 'reaches the integration'
        : sim.response.source === 'aws-service'
          ? 'the AWS service would answer'
          : 'API Gateway would answer';
    const errorType = sim.response.headers['x-amzn-ErrorType'];
    out.push(
      `  Predicted: ${who === 'reaches the integration' ? paint.green(who) : `${who} ${paint.bold(String(sim.response.status))} ${oneLine(sim.response.body)}`}` +
        (errorType ? paint.dim(`  (x-amzn-ErrorType: ${errorType})`) : '') +
        paint.dim(`  basis: ${sim.basis}`),
    );
  } else if (sim.outcome === 'NO_SUCH_HOST') {
    out.push(`  Predicted: ${paint.bold('no answer')} — the host name does not resolve from here`);
  } else {
    out.push(
      `  Predicted: ${paint.dim('unknown — ' + (sim.facts.configUnknown ?? 'the inputs do not say'))}`,
    );
  }
  if (d.live) {
    out.push(
      d.live.status === null
        ? `  Live:      ${paint.red(`no answer (${d.live.error?.code}: ${d.live.error?.message})`)}`
        : `  Live:      ${paint.bold(String(d.live.status))} ${oneLine(d.live.body)}${d.live.headers['x-amzn-errortype'] ? paint.dim(`  (x-amzn-ErrorType: ${d.live.headers['x-amzn-errortype']})`) : ''}${paint.dim(`  ${d.live.elapsedMs} ms`)}`,
    );
  }
  if (sim.trace.length) {
    out.push('', paint.bold('Trace'));
    for (const t of sim.trace) {
      const icon =
        t.result === 'pass'
          ? paint.green('✓')
          : t.result === 'fail'
            ? paint.red('✗')
            : t.result === 'unknown'
              ? paint.yellow('?')
              : paint.dim('·');
      const detail = wrapText(
        `${t.detail}${t.basis !== 'documented' ? ` (${t.basis})` : ''}`,
        ' '.repeat(19),
        width,
      ).trimStart();
      out.push(`  ${icon} ${t.step.padEnd(15)} ${detail}`);
    }
  }
  const table = routeTable(sim, paint);
  if (table.length) {
    const stage = sim.stage as RestStage;
    const origin =
      sim.api?.kind === 'REST'
        ? stage.routesOrigin
          ? `, from ${stage.routesOrigin}`
          : ', from the current configuration'
        : '';
    out.push(
      '',
      paint.bold(
        `Routes of stage ${sim.stage!.name}${'deploymentId' in sim.stage! && sim.stage!.deploymentId ? ` (deployment ${sim.stage!.deploymentId}${origin})` : origin ? ` (${origin.slice(2)})` : ''}`,
      ),
    );
    out.push(...table);
  }
  out.push('', paint.bold(d.findings.length ? 'Findings' : 'No findings'));
  for (const f of d.findings) {
    out.push(...renderFinding(f, paint, width), '');
  }
  if (d.gaps.length) {
    out.push(paint.bold('Not checked'));
    for (const g of d.gaps) out.push(wrapText(`- ${g}`, '  ', width));
  }
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}
