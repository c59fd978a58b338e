import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { packageRoot } from '../../sources/paths.js';
import { diagnose } from '../../diagnose/run.js';
import { diagnosisToJson } from '../../report/json.js';
import { diagnosisToText } from '../../report/text.js';
import { loadSnapshot } from '../../sources/load.js';
import type { GatewayRequest } from '../../simulate/types.js';
import { EXIT } from '../exit-codes.js';
import { parseHeaders, useColor, write } from '../io.js';

interface DemoCase {
  title: string;
  url: string;
  method?: string;
  headers?: string[];
  data?: string;
  fromVpcEndpoint?: string;
  full?: boolean;
  expect: { status: number | null; finding: string };
}

export function exampleDir(): string {
  return join(packageRoot(), 'examples', 'shop') + sep;
}

export function requestFor(c: DemoCase): GatewayRequest {
  const request: GatewayRequest = {
    method: c.method ?? (c.data ? 'POST' : 'GET'),
    url: c.url,
    headers: parseHeaders(c.headers),
  };
  if (c.data !== undefined) request.body = c.data;
  if (c.fromVpcEndpoint) request.fromVpcEndpoint = c.fromVpcEndpoint;
  return request;
}

/** `npm start`: the bundled shop account, diagnosed offline for each classic mistake. */
export async function runDemo(flags: { output: string; all?: boolean }): Promise<number> {
  const dir = exampleDir();
  const { cases } = JSON.parse(await readFile(`${dir}cases.json`, 'utf8')) as { cases: DemoCase[] };
  const inventory = await loadSnapshot(`${dir}snapshot.json`);
  const color = useColor(process.stdout);
  const results = cases.map((c) => ({ c, d: diagnose(inventory, requestFor(c)) }));
  if (flags.output === 'json') {
    write(
      JSON.stringify(
        results.map(({ c, d }) => ({ title: c.title, ...diagnosisToJson(d) })),
        null,
        2,
      ),
    );
    return EXIT.ok;
  }
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  write(
    bold(
      `apigw-doctor demo — the shop account in examples/shop/snapshot.json, diagnosed offline (no AWS account)\n`,
    ),
  );
  for (const { c, d } of results.filter((r) => flags.all || r.c.full)) {
    write(bold(`━━ ${c.title} ${'━'.repeat(Math.max(3, 90 - c.title.length))}`));
    write(diagnosisToText(d, { color, width: 100 }));
  }
  write(bold(`━━ Every case ${'━'.repeat(80)}`));
  for (const { c, d } of results) {
    const status = d.simulation.response
      ? String(d.simulation.response.status)
      : d.simulation.outcome === 'NO_SUCH_HOST'
        ? 'DNS'
        : '?';
    const ids = d.findings.map((f) => f.id).join(', ');
    write(`  ${status.padEnd(4)} ${c.title.padEnd(46)} ${ids}`);
  }
  write(
    `\nRun one yourself: apigw-doctor diagnose URL --snapshot examples/shop/snapshot.json   (apigw-doctor demo --all shows every report)`,
  );
  return EXIT.ok;
}
