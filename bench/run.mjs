// apigw-doctor benchmark: `npm run bench` (builds first), or `node bench/run.mjs` on a built tree.
//
// 1. REST route resolution throughput: our RestRouter against fastify's find-my-way on one
//    300-resource route set and one precomputed request list (hits on literal, {param} and
//    {proxy+} resources, ~10% misses).
// 2. CLI cold start: `node -e 0`, `--help` and an offline `diagnose`, medians of alternating runs.
// 3. A summary, one line per figure; targets that are missed are marked MISSED.
//
// It is a benchmark, not a test: it exits 0 even when a target is missed (2 only if it cannot run).
// Options: --quick (fewer rounds and runs), --runs N (cold-start runs per command, default 20),
//          --only routes|cold|aws|scan|explain (one part only; scan: bench/scan.mjs, a fleet against the fake;
//          explain: bench/explain.mjs, a 1 GB access log vs jq).

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import FindMyWay from 'find-my-way';
import { buildRequests, buildResources, toFindMyWayPath } from './routes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const runsArg = args.indexOf('--runs');
const COLD_RUNS = runsArg >= 0 ? Math.max(3, Number(args[runsArg + 1]) || 20) : quick ? 6 : 20;
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? args[onlyArg + 1] : undefined;
if (only !== undefined && !['routes', 'cold', 'aws', 'scan', 'explain'].includes(only)) {
  console.error('bench: --only takes routes, cold, aws, scan or explain');
  process.exit(2);
}
const ROUTE_ROUNDS = quick ? 5 : 11;
const ROUND_TARGET_MS = quick ? 100 : 250;

const TARGET_ROUTE_RATIO = 1.0;
const TARGET_HELP_RATIO = 1.3;
const TARGET_DIAGNOSE_RATIO = 2.0;

const cliMain = path.join(root, 'dist/cli/main.js');
const routerModule = path.join(root, 'dist/src/simulate/router/rest-router.js');
for (const file of [cliMain, routerModule]) {
  if (!existsSync(file)) {
    console.error(
      `bench: ${path.relative(root, file)} is missing; run \`npm run build\` first (or \`npm run bench\`).`,
    );
    process.exit(2);
  }
}
const { RestRouter } = await import(pathToFileURL(routerModule).href);

const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmtRatio = (r) => r.toFixed(2);
/** Two decimals, or three when two would round onto the target and hide which side of it we are. */
const fmtVs = (r, target) => (Number(r.toFixed(2)) === target ? r.toFixed(3) : r.toFixed(2));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const mark = (ok) => (ok ? 'ok' : 'MISSED');

console.log(
  `apigw-doctor bench · node ${process.version} · ${os.cpus().length}× ${os.cpus()[0]?.model?.trim() ?? 'cpu'} · ${os.platform()}/${os.arch()}`,
);

// ───────────────────────────── 1. Route resolution ─────────────────────────────

let sink = 0;

function benchRoutes() {
  const resources = buildResources();
  const requests = buildRequests(resources);
  const verbs = requests.map((r) => r[0]);
  const paths = requests.map((r) => r[1]);
  const N = requests.length;

  const ours = new RestRouter(resources);
  const fmw = FindMyWay();
  const noop = () => {};
  for (const resource of resources) {
    const fmwPath = toFindMyWayPath(resource.path);
    for (const verb of Object.keys(resource.methods)) {
      if (verb === 'ANY')
        fmw.on(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'], fmwPath, noop, {
          template: resource.path,
        });
      else fmw.on(verb, fmwPath, noop, { template: resource.path });
    }
  }

  const methodCount = resources.reduce((sum, r) => sum + Object.keys(r.methods).length, 0);
  const depth = Math.max(...resources.map((r) => r.path.split('/').length - 1));
  const greedyCount = resources.filter((r) => r.path.includes('+}')).length;
  const paramCount = resources.filter((r) => r.path.includes('{') && !r.path.includes('+}')).length;

  // Agreement: hit/miss for every path, and on hits the same resource and the same parameters.
  const disagreements = [];
  const kinds = new Array(N);
  const counts = { literal: 0, param: 0, greedy: 0, miss: 0 };
  for (let i = 0; i < N; i++) {
    const a = ours.match(verbs[i], paths[i]);
    const b = fmw.find(verbs[i], paths[i]);
    const kind = !a
      ? 'miss'
      : a.resource.path.includes('+}')
        ? 'greedy'
        : a.resource.path.includes('{')
          ? 'param'
          : 'literal';
    kinds[i] = kind;
    counts[kind]++;
    if (!a !== !b) {
      disagreements.push(
        `${verbs[i]} ${paths[i]}: ours ${a ? a.resource.path : 'miss'}, find-my-way ${b ? b.store.template : 'miss'}`,
      );
      continue;
    }
    if (!a) continue;
    if (a.resource.path !== b.store.template) {
      disagreements.push(
        `${verbs[i]} ${paths[i]}: ours ${a.resource.path}, find-my-way ${b.store.template} (different resource)`,
      );
      continue;
    }
    const theirs = {};
    for (const [key, value] of Object.entries(b.params)) theirs[key === '*' ? 'proxy' : key] = value;
    if (JSON.stringify(sortKeys(a.pathParameters)) !== JSON.stringify(sortKeys(theirs))) {
      disagreements.push(
        `${verbs[i]} ${paths[i]}: parameters differ: ours ${JSON.stringify(a.pathParameters)}, find-my-way ${JSON.stringify(theirs)}`,
      );
    }
  }
  function sortKeys(object) {
    return Object.fromEntries(Object.entries(object).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  }

  console.log('\n1. REST route resolution (RestRouter.match vs find-my-way find)');
  console.log(
    `   route set: ${resources.length} resources (${paramCount} with {param}, ${greedyCount} greedy {proxy+}, depth ≤ ${depth}), ${methodCount} methods`,
  );
  console.log(
    `   requests:  ${N} distinct (verb, path): ${counts.literal} literal hits, ${counts.param} {param} hits, ${counts.greedy} greedy hits, ${counts.miss} misses (${((counts.miss / N) * 100).toFixed(1)}%)`,
  );
  if (disagreements.length === 0) {
    console.log(
      '   agreement: both routers agree on hit/miss, resource and path parameters for every request',
    );
  } else {
    console.log(
      `   WARNING: the routers disagree on ${disagreements.length} request(s); throughput below is not like for like:`,
    );
    for (const line of disagreements.slice(0, 20)) console.log(`     ${line}`);
    if (disagreements.length > 20) console.log(`     … and ${disagreements.length - 20} more`);
  }

  // Each loop is its own function so that each call site stays monomorphic.
  function loopOurs(times, vs, ps) {
    let hits = 0;
    const n = ps.length;
    for (let t = 0; t < times; t++)
      for (let i = 0; i < n; i++) if (ours.match(vs[i], ps[i]) !== undefined) hits++;
    return hits;
  }
  function loopFmw(times, vs, ps) {
    let hits = 0;
    const n = ps.length;
    for (let t = 0; t < times; t++) for (let i = 0; i < n; i++) if (fmw.find(vs[i], ps[i]) !== null) hits++;
    return hits;
  }

  /** Lookups per second, median of `rounds` rounds of about `targetMs` each, the two routers interleaved. */
  function race(vs, ps, rounds, targetMs) {
    const timeOnce = (loop, times) => {
      const start = process.hrtime.bigint();
      sink += loop(times, vs, ps);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    // Warm-up (JIT both, and size the repetitions so each round lasts ~targetMs).
    const reps = {};
    for (const [name, loop] of [
      ['ours', loopOurs],
      ['fmw', loopFmw],
    ]) {
      let times = 1;
      let ms = timeOnce(loop, times);
      while (ms < targetMs / 4) {
        times *= 2;
        ms = timeOnce(loop, times);
      }
      reps[name] = Math.max(1, Math.round((times * targetMs) / ms));
    }
    const rates = { ours: [], fmw: [] };
    const ratios = [];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 ? ['fmw', 'ours'] : ['ours', 'fmw'];
      for (const name of order) {
        const ms = timeOnce(name === 'ours' ? loopOurs : loopFmw, reps[name]);
        rates[name].push((reps[name] * ps.length) / (ms / 1000));
      }
      ratios.push(rates.ours[r] / rates.fmw[r]);
    }
    // The ratio is the median of per-round ratios (both routers timed back to back in each round), which
    // cancels most of the drift a busy machine adds; the rates are the medians of each router's rounds.
    return { ours: median(rates.ours), fmw: median(rates.fmw), ratio: median(ratios), rounds: rates };
  }

  const all = race(verbs, paths, ROUTE_ROUNDS, ROUND_TARGET_MS);
  const routeRatio = all.ratio;
  console.log(`   whole list, median of ${ROUTE_ROUNDS} rounds (~${ROUND_TARGET_MS} ms each):`);
  console.log(
    `     ours         ${fmtInt(all.ours).padStart(12)} lookups/s  (${(1e9 / all.ours).toFixed(0)} ns/lookup; rounds ${all.rounds.ours.map((x) => fmtInt(x / 1000) + 'k').join(' ')})`,
  );
  console.log(
    `     find-my-way  ${fmtInt(all.fmw).padStart(12)} lookups/s  (${(1e9 / all.fmw).toFixed(0)} ns/lookup; rounds ${all.rounds.fmw.map((x) => fmtInt(x / 1000) + 'k').join(' ')})`,
  );
  console.log(
    `     ratio ours/find-my-way ${fmtVs(routeRatio, TARGET_ROUTE_RATIO)} (median of per-round ratios; ratio of medians ${fmtRatio(all.ours / all.fmw)}) (target >= ${TARGET_ROUTE_RATIO.toFixed(1)}) ${mark(routeRatio >= TARGET_ROUTE_RATIO)}`,
  );

  // Per-kind breakdown (shorter rounds): where the time goes.
  console.log(
    `   by kind of request (lookups/s, median of ${quick ? 3 : 5} short rounds; for locating costs, not a target):`,
  );
  for (const kind of ['literal', 'param', 'greedy', 'miss']) {
    const idx = [];
    for (let i = 0; i < N; i++) if (kinds[i] === kind) idx.push(i);
    if (idx.length === 0) continue;
    const r = race(
      idx.map((i) => verbs[i]),
      idx.map((i) => paths[i]),
      quick ? 3 : 5,
      quick ? 50 : 80,
    );
    console.log(
      `     ${kind.padEnd(8)} (${String(idx.length).padStart(4)}): ours ${fmtInt(r.ours).padStart(11)}, find-my-way ${fmtInt(r.fmw).padStart(11)}, ratio ${fmtRatio(r.ratio)}`,
    );
  }
  return { all, disagreements };
}

// ───────────────────────────── 2. CLI cold start ─────────────────────────────

function benchColdStart() {
  const diagnoseArgs = [
    'diagnose',
    'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/reviews',
    '-X',
    'POST',
    '--snapshot',
    'examples/shop/snapshot.json',
  ];
  const commands = [
    { key: 'node', label: 'node -e 0', args: ['-e', '0'], expect: 0 },
    { key: 'help', label: 'main.js --help', args: [cliMain, '--help'], expect: 0 },
    {
      key: 'diagnose',
      label: 'main.js diagnose … --snapshot (offline)',
      args: [cliMain, ...diagnoseArgs],
      expect: 1,
    },
  ];
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.NODE_OPTIONS;
  function spawnTimed(command) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, command.args, {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 16 << 20,
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return { ms, result };
  }

  console.log(
    `\n2. CLI cold start (spawnSync, ${COLD_RUNS} alternating runs each after 2 warm-up runs, median)`,
  );
  const times = Object.fromEntries(commands.map((c) => [c.key, []]));
  const surprises = [];
  for (let run = -2; run < COLD_RUNS; run++) {
    for (const command of commands) {
      const { ms, result } = spawnTimed(command);
      if (result.error || result.status !== command.expect) {
        surprises.push(
          `${command.label}: exit ${result.status ?? result.signal ?? result.error?.message} (expected ${command.expect})${
            result.stderr?.length ? `: ${String(result.stderr).trim().split('\n')[0]}` : ''
          }`,
        );
      }
      if (run >= 0) times[command.key].push(ms);
    }
  }
  const med = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const helpRatio = med.help / med.node;
  const diagnoseRatio = med.diagnose / med.node;
  for (const command of commands) {
    const v = times[command.key];
    const ratio = med[command.key] / med.node;
    console.log(
      `   ${command.label.padEnd(40)} median ${med[command.key].toFixed(1).padStart(6)} ms  (min ${Math.min(...v).toFixed(1)}, max ${Math.max(...v).toFixed(1)})${
        command.key === 'node' ? '' : `  ${fmtRatio(ratio)}× node -e 0`
      }`,
    );
  }
  if (surprises.length) {
    console.log(`   WARNING: ${surprises.length} run(s) did not exit as expected:`);
    for (const line of [...new Set(surprises)].slice(0, 5)) console.log(`     ${line}`);
  }
  return { med, helpRatio, diagnoseRatio, surprises };
}

const routes = only === undefined || only === 'routes' ? benchRoutes() : undefined;
const cold = only === undefined || only === 'cold' ? benchColdStart() : undefined;
const { benchAwsCalls } = await import('./aws-calls.mjs');
const awsRows = only === undefined || only === 'aws' ? await benchAwsCalls(root) : undefined;
const { benchScan, TARGET_SCAN_RATIO } = await import('./scan.mjs');
const scan = only === undefined || only === 'scan' ? await benchScan(root) : undefined;
if (awsRows) {
  console.log('\n3. AWS calls per live diagnosis (loopback fake enforcing the quotas, 20 ms per call)');
  for (const r of awsRows) {
    console.log(
      `   ${r.kind.padEnd(28)} ${r.calls} calls, ${r.rounds} round${r.rounds === 1 ? '' : 's'}, ${r.elapsedMs} ms${r.throttled ? `, ${r.throttled} failed` : ''}`,
    );
  }
}

const TARGET_EXPLAIN_RATIO = 10;
let explainRun;
if (only === undefined || only === 'explain') {
  const { benchExplain } = await import('./explain.mjs');
  explainRun = await benchExplain(root, { quick });
  const e = explainRun;
  console.log(
    `\n4. explain on a ${e.sizeMb.toFixed(0)} MB JSON access log (${fmtInt(e.lines)} lines), jq -c 'select(.status=="403")' on the same file`,
  );
  console.log(
    `   explain  ${e.ours.seconds.toFixed(2)} s  ${fmtInt(e.lines / e.ours.seconds)} lines/s  peak RSS ${e.ours.peakMb.toFixed(0)} MB (${e.smallMb.toFixed(0)} MB file: ${e.oursSmall.peakMb.toFixed(0)} MB)`,
  );
  console.log(
    `   jq       ${e.jq.seconds.toFixed(2)} s  ${fmtInt(e.lines / e.jq.seconds)} lines/s  peak RSS ${e.jq.peakMb.toFixed(0)} MB`,
  );
}

// ───────────────────────────── 3. Summary ─────────────────────────────

console.log('\nSummary');
if (routes) {
  const { all, disagreements } = routes;
  const routeRatio = all.ratio;
  const routeOk = routeRatio >= TARGET_ROUTE_RATIO;
  console.log(
    `route lookups/s: ours ${fmtInt(all.ours)}, find-my-way ${fmtInt(all.fmw)}, ratio ${fmtVs(routeRatio, TARGET_ROUTE_RATIO)} (target >= ${TARGET_ROUTE_RATIO.toFixed(1)})${routeOk ? '' : ' MISSED'}${
      disagreements.length ? ` [routers disagree on ${disagreements.length} request(s)]` : ''
    }`,
  );
}
if (cold) {
  const { med, helpRatio, diagnoseRatio, surprises } = cold;
  const helpOk = helpRatio <= TARGET_HELP_RATIO;
  const diagnoseOk = diagnoseRatio <= TARGET_DIAGNOSE_RATIO;
  console.log(
    `cold start: node -e 0 ${med.node.toFixed(1)} ms; --help ${med.help.toFixed(1)} ms (${fmtVs(helpRatio, TARGET_HELP_RATIO)}, target <= ${TARGET_HELP_RATIO})${helpOk ? '' : ' MISSED'}; offline diagnose ${med.diagnose.toFixed(1)} ms (${fmtVs(diagnoseRatio, TARGET_DIAGNOSE_RATIO)}, target <= ${TARGET_DIAGNOSE_RATIO.toFixed(1)})${diagnoseOk ? '' : ' MISSED'}${
      surprises.length ? ' [some runs exited unexpectedly]' : ''
    }`,
  );
}
if (awsRows) {
  for (const r of awsRows) {
    const ok = r.calls <= r.maxCalls && r.rounds <= r.maxRounds;
    console.log(
      `aws calls: ${r.kind}: ${r.calls} calls in ${r.rounds} round(s) (target <= ${r.maxCalls} calls, <= ${r.maxRounds} round(s))${ok ? '' : ' MISSED'}`,
    );
  }
}
if (scan) {
  const ok = scan.ratio <= TARGET_SCAN_RATIO && scan.throttlingErrorsLeft === 0;
  console.log(
    `fleet scan: ${scan.accounts} accounts × ${scan.regions} regions, ${scan.apis} APIs in ${scan.wallS.toFixed(1)} s; quota lower bound ${scan.lowerBoundS.toFixed(1)} s, ratio ${fmtVs(scan.ratio, TARGET_SCAN_RATIO)} (target <= ${TARGET_SCAN_RATIO}); ` +
      `${scan.perApi.toFixed(2)} calls/API (REST ${scan.perRest.toFixed(2)}, HTTP ${scan.perHttp.toFixed(2)}, + ${scan.perRegion.toFixed(1)} per region for lists and domains); ` +
      `throttling errors left in the report ${scan.throttlingErrorsLeft} (target 0; ${scan.rejected} calls refused by the fake's quotas and retried), ${scan.notChecked} not checked${ok ? '' : ' MISSED'}`,
  );
}
if (explainRun) {
  const ok = explainRun.ratio >= TARGET_EXPLAIN_RATIO;
  console.log(
    `explain access log: ${fmtRatio(explainRun.ratio)}x faster than jq (target >= ${TARGET_EXPLAIN_RATIO})${ok ? '' : ' MISSED'}; peak RSS ${explainRun.oursSmall.peakMb.toFixed(0)} MB at ${explainRun.smallMb.toFixed(0)} MB, ${explainRun.ours.peakMb.toFixed(0)} MB at ${explainRun.sizeMb.toFixed(0)} MB`,
  );
}
if (sink < 0) console.log(sink); // keeps the lookups observable
