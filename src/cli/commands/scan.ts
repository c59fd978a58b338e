import { readFile } from 'node:fs/promises';
import { InputError } from '../../model/errors.js';
import type { ScanReport } from '../../scan/types.js';
import type { ScanFormat } from '../../report/scan/index.js';
import type { ScanProgress } from '../../scan/engine.js';
import { EXIT } from '../exit-codes.js';
import { useColor, write } from '../io.js';
import { writeAtomically } from './snapshot.js';

export interface ScanFlags {
  profile?: string[];
  org?: boolean;
  roleName?: string;
  accountsFile?: string;
  regions?: string;
  output: ScanFormat;
  out?: string;
  maxRps?: string;
  state?: string;
  shard?: string;
  endpointUrl?: string;
}

function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count)
    throw new InputError(`--shard takes i/n with 1 ≤ i ≤ n (e.g. 1/4), got ${JSON.stringify(text)}`);
  return { index, count };
}

function parseRegions(text: string | undefined): 'all' | string[] {
  if (text === undefined || text === 'all') return 'all';
  const regions = [
    ...new Set(
      text
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    ),
  ];
  for (const r of regions)
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r)) throw new InputError(`--regions: "${r}" is not a region name`);
  if (regions.length === 0) throw new InputError('--regions takes all or a list such as eu-west-1,us-east-1');
  return regions;
}

/** Exit code of a scan or merged report: 1 with error or warning findings, 4 when no account could be reached. */
export function exitCodeOf(report: ScanReport): number {
  const reached = report.targets.some((t) => t.status === 'checked');
  const credentialFailures = report.notChecked.filter(
    (n) => n.region === undefined && (n.reason === 'assume-role-failed' || /^credentials /.test(n.message)),
  );
  if (!reached && credentialFailures.length > 0 && credentialFailures.length >= report.scope.accounts.length)
    return EXIT.auth;
  if (report.findings.some((f) => f.severity === 'error' || f.severity === 'warning')) return EXIT.findings;
  if (
    !reached &&
    report.notChecked.some((n) => n.reason === 'retries-exhausted' || /cannot reach AWS/.test(n.message))
  )
    return EXIT.aws;
  return EXIT.ok;
}

export function summaryLine(report: ScanReport, command = 'scan'): string {
  const s = report.stats;
  const f = s.findingsBySeverity;
  return (
    `apigw-doctor ${command}: ${s.accounts} account${s.accounts === 1 ? '' : 's'}, ${s.regions} region${s.regions === 1 ? '' : 's'}, ${s.apis} APIs, ${s.domains} domains; ` +
    `${f.error} errors, ${f.warning} warnings, ${f.info} info; ${report.notChecked.length} not checked; ` +
    `${s.calls} calls, ${s.throttled} throttled, ${(s.durationMs / 1000).toFixed(1)} s${report.partial ? ' (partial: interrupted)' : ''}`
  );
}

export async function emitReport(
  report: ScanReport,
  format: ScanFormat,
  out: string | undefined,
): Promise<void> {
  const { renderScanReport } = await import('../../report/scan/index.js');
  const text = renderScanReport(report, format, { color: !out && useColor(process.stdout) });
  if (out) await writeAtomically(out, text);
  else write(text);
}

async function progressBar(): Promise<{ update(p: ScanProgress): void; stop(): void } | undefined> {
  if (!process.stderr.isTTY) return undefined;
  const { default: cliProgress } = await import('cli-progress');
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format:
        'scan [{bar}] {percentage}% | accounts {accountsDone}/{accounts} | regions {targetsDone}/{targets} | APIs {apisDone}/{apis} | {rate} calls/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
      noTTYOutput: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, {
    accountsDone: 0,
    accounts: 0,
    targetsDone: 0,
    targets: 0,
    apisDone: 0,
    apis: 0,
    rate: '0.0',
  });
  return {
    update(p) {
      const rate = (p.calls / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1);
      bar.setTotal(Math.max(1, p.targets + p.apis));
      bar.update(p.targetsDone + p.apisDone, { ...p, rate });
    },
    stop: () => bar.stop(),
  };
}

/** `apigw-doctor scan`: every account, region and API of a fleet, within AWS's rate limits. */
export async function runScanCommand(flags: ScanFlags): Promise<number> {
  if (flags.org && !flags.roleName)
    throw new InputError('--org needs --role-name (the role to assume in each account)');
  const maxRps = flags.maxRps === undefined ? undefined : Number(flags.maxRps);
  if (maxRps !== undefined && !(maxRps > 0 && maxRps <= 10))
    throw new InputError(
      '--max-rps takes a number of requests per second above 0, at most 10 (the AWS quota)',
    );
  const plan: import('../../scan/engine.js').ScanPlan = {
    profiles: flags.profile ?? [],
    regions: parseRegions(flags.regions),
    globalRegion: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    version: '0.1.0',
  };
  if (flags.org) plan.orgRoleName = flags.roleName!;
  else if (flags.roleName) plan.roleName = flags.roleName;
  if (flags.accountsFile) {
    let text: string;
    try {
      text = await readFile(flags.accountsFile, 'utf8');
    } catch (error) {
      throw new InputError(`cannot read ${flags.accountsFile}: ${(error as Error).message}`);
    }
    plan.accountsFile = { text, name: flags.accountsFile };
  }
  if (flags.shard) plan.shard = parseShard(flags.shard);
  if (maxRps !== undefined) plan.maxRps = maxRps;
  if (flags.endpointUrl) plan.endpoint = flags.endpointUrl;
  const [{ runScan, scanScope }, { ScanState }] = await Promise.all([
    import('../../scan/engine.js'),
    import('../../scan/state.js'),
  ]);
  if (flags.state) {
    plan.state = await ScanState.open(flags.state, scanScope(plan));
    if (plan.state.size > 0)
      process.stderr.write(
        `apigw-doctor scan: resuming: ${plan.state.size} account × region targets already done (${flags.state})\n`,
      );
  }

  const controller = new AbortController();
  plan.signal = controller.signal;
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Error('interrupted'));
    process.stderr.write(
      '\napigw-doctor scan: stopping (Ctrl-C again to quit at once); writing the partial report\n',
    );
  };
  process.on('SIGINT', onSigint);
  const bar = await progressBar();
  if (bar) plan.onProgress = (p) => bar.update(p);
  let report: ScanReport;
  try {
    report = await runScan(plan);
  } finally {
    bar?.stop();
  }
  await emitReport(report, flags.output, flags.out);
  process.stderr.write(`${summaryLine(report)}${flags.out ? ` → ${flags.out}` : ''}\n`);
  const code = exitCodeOf(report);
  process.off('SIGINT', onSigint);
  // Interrupted: 130 (128 + SIGINT), whatever was found; calls still in flight are abandoned.
  if (report.partial) process.exit(130);
  return code;
}
