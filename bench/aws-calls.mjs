// Calls and sequential rounds per live diagnosis, against the loopback fake of the management API
// (dist/test/fake, built by `npm run build`) serving examples/shop/snapshot.json. Nothing leaves
// 127.0.0.1. Minimums: a REST API whose stage is in the URL needs one round; the target is at most
// 6 calls and 2 rounds for a REST API, one round where the stage is known.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export async function benchAwsCalls(root) {
  const { startFakeApiGateway } = await import(path.join(root, 'dist/test/fake/apigateway-server.js'));
  const snapshot = JSON.parse(readFileSync(path.join(root, 'examples/shop/snapshot.json'), 'utf8'));
  const fake = await startFakeApiGateway({ snapshot, enforceQuotas: true, latencyMs: 20 });
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'eu-west-1',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const cases = [
    {
      kind: 'REST API, stage in the URL',
      url: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/reviews',
      maxCalls: 6,
      maxRounds: 1,
    },
    {
      kind: 'HTTP API',
      url: 'https://h7t7p9a1b2.execute-api.eu-west-1.amazonaws.com/notifications',
      maxCalls: 12,
      maxRounds: 2,
    },
    {
      kind: 'custom domain → REST API',
      url: 'https://api.shop.example.com/products',
      maxCalls: 10,
      maxRounds: 2,
    },
  ];
  const rows = [];
  try {
    for (const c of cases) {
      const out = await new Promise((resolve) => {
        const child = spawn(
          process.execPath,
          [
            path.join(root, 'dist/cli/main.js'),
            'diagnose',
            c.url,
            '--no-probe',
            '--endpoint-url',
            fake.url,
            '-o',
            'json',
          ],
          { env },
        );
        let stdout = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.on('close', () => resolve(JSON.parse(stdout)));
      });
      rows.push({
        ...c,
        calls: out.aws.calls,
        rounds: out.aws.rounds,
        elapsedMs: out.aws.elapsedMs,
        notFound: out.aws.operations.filter((o) => o.error === 'NotFoundException').length,
        throttled: out.aws.operations.filter((o) => o.error && o.error !== 'NotFoundException').length,
      });
    }
  } finally {
    await fake.close();
  }
  return rows;
}
