// The fleet scan against the loopback fake enforcing AWS's management-API quotas (10 requests/s, burst 40,
// GetResources 5 per 2 s, per account): 10 accounts × 4 regions × 25 APIs (15 REST, 10 HTTP) and one
// custom domain per region, reached through Organizations + STS AssumeRole. Figures: wall time as a ratio
// of the lower bound the quotas allow (the slowest account's calls at the quota, target <= 1.2), calls per
// API, and throttling errors left in the report (targets not checked because retries ran out: target 0).
// Calls the fake refused (429, then retried) are shown too: on an idle machine they are 0; on a loaded one
// the fake may see requests arrive bunched. Nothing leaves 127.0.0.1.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const ACCOUNTS = 10;
const REGIONS = ['eu-west-1', 'us-east-1', 'eu-central-1', 'ap-southeast-2'];
const REST_PER_REGION = 15;
const HTTP_PER_REGION = 10;
export const TARGET_SCAN_RATIO = 1.2;

export async function benchScan(root) {
  const { startFakeApiGateway } = await import(path.join(root, 'dist/test/fake/apigateway-server.js'));
  const fleet = await import(path.join(root, 'dist/test/scan-fleet.js'));
  const accounts = Array.from({ length: ACCOUNTS }, (_, a) => {
    const accountId = String(100000000000 + a * 1111);
    return {
      accountId,
      regions: REGIONS.map((region, r) => {
        const restApis = Array.from({ length: REST_PER_REGION }, (_, i) =>
          fleet.restApi({
            id: `r${a}${r}${String(i).padStart(7, '0')}`,
            name: `rest-${i}`,
            region,
            account: accountId,
            routes: ['GET /', 'GET /items', 'POST /items'],
            stages: [
              {
                name: 'prod',
                deployed: i % 5 === 0 ? ['GET /', 'GET /items'] : ['GET /', 'GET /items', 'POST /items'],
              },
            ],
          }),
        );
        const httpApis = Array.from({ length: HTTP_PER_REGION }, (_, i) =>
          fleet.httpApi({
            id: `h${a}${r}${String(i).padStart(7, '0')}`,
            name: `http-${i}`,
            routes: ['GET /a', 'POST /a'],
            stages: [{ name: '$default', autoDeploy: true, deploymentId: `d${i}` }],
            deployments: [{ id: `d${i}`, created: '2026-01-01T00:00:00Z' }],
          }),
        );
        const domainNames = [
          fleet.domain(`api${r}.a${a}.example.com`, [
            { basePath: '(none)', apiId: restApis[0].restApi.id, stage: 'prod' },
          ]),
        ];
        return { region, restApis, httpApis, domainNames };
      }),
    };
  });
  const fake = await startFakeApiGateway({
    snapshot: { apigwDoctorSnapshot: 1, accounts },
    enforceQuotas: true,
    latencyMs: 20,
  });
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  try {
    const started = performance.now();
    const out = await new Promise((resolve) => {
      const child = spawn(
        process.execPath,
        [
          path.join(root, 'dist/cli/main.js'),
          'scan',
          '--org',
          '--role-name',
          'Audit',
          '--regions',
          REGIONS.join(','),
          '-o',
          'json',
          '--endpoint-url',
          fake.url,
        ],
        { env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    const wallS = (performance.now() - started) / 1000;
    if (out.code !== 0 && out.code !== 1) throw new Error(`scan exited ${out.code}: ${out.stderr}`);
    const report = JSON.parse(out.stdout);
    const gateway = fake.calls.filter((c) => c.service === 'apigateway' || c.service === 'apigatewayv2');
    // Calls per account: the fake maps each assumed role's key to its account, so group by access key.
    const byKey = new Map();
    for (const c of gateway) {
      const k = byKey.get(c.accessKeyId) ?? { calls: 0, getResources: 0 };
      k.calls++;
      if (c.operation === 'GetResources') k.getResources++;
      byKey.set(c.accessKeyId, k);
    }
    const lowerBoundS = Math.max(
      ...[...byKey.values()].map((k) => Math.max((k.calls - 40) / 10, (k.getResources - 5) / 2.5, 0)),
    );
    const listing = gateway.filter((c) =>
      ['GetRestApis', 'GetApis', 'GetDomainNames'].includes(c.operation),
    ).length;
    const domainCalls = gateway.filter((c) =>
      ['GetBasePathMappings', 'GetApiMappings', 'ListRoutingRules'].includes(c.operation),
    ).length;
    const restOps = new Set(['GetResources', 'GetStages', 'GetGatewayResponses', 'GetDeployment']);
    const restCalls = gateway.filter((c) => c.service === 'apigateway' && restOps.has(c.operation)).length;
    const httpCalls = gateway.filter(
      (c) =>
        c.service === 'apigatewayv2' && ['GetRoutes', 'GetStages', 'GetDeployments'].includes(c.operation),
    ).length;
    const restCount = ACCOUNTS * REGIONS.length * REST_PER_REGION;
    const httpCount = ACCOUNTS * REGIONS.length * HTTP_PER_REGION;
    return {
      accounts: ACCOUNTS,
      regions: REGIONS.length,
      apis: report.stats.apis,
      wallS,
      lowerBoundS,
      ratio: wallS / lowerBoundS,
      calls: gateway.length,
      perApi: gateway.length / report.stats.apis,
      perRest: restCalls / restCount,
      perHttp: httpCalls / httpCount,
      perRegion: (listing + domainCalls) / (ACCOUNTS * REGIONS.length),
      rejected: gateway.filter((c) => c.status === 429).length,
      throttledRetried: report.stats.throttled,
      throttlingErrorsLeft: report.notChecked.filter((n) => n.reason === 'retries-exhausted').length,
      notChecked: report.notChecked.length,
      findings: report.findings.length,
    };
  } finally {
    await fake.close();
  }
}
