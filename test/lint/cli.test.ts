import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers.js';
import { sarifErrors } from '../sarif-schema.js';
import type { LintJsonReport } from '../../src/report/lint.js';

let dir = '';

const TERRAFORM = `resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_api_gateway_method" "get" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_rest_api.shop.root_resource_id
  http_method   = "GET"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_deployment" "shop" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  depends_on  = [aws_api_gateway_method.get]
}
`;

const WARNING_ONLY = `Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: x, ProtocolType: HTTP }
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Api, StageName: $default, AutoDeploy: true }
  Mapping:
    Type: AWS::ApiGatewayV2::ApiMapping
    Properties: { ApiId: !Ref Api, DomainName: api.example.com, Stage: $default }
`;

const INFO_ONLY = `service: s
provider: { name: aws }
functions:
  f:
    handler: h.f
    events:
      - httpApi: '*'
`;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'apigw-lint-'));
  mkdirSync(join(dir, 'infra'));
  mkdirSync(join(dir, 'node_modules/pkg'), { recursive: true });
  mkdirSync(join(dir, '.terraform/modules'), { recursive: true });
  writeFileSync(join(dir, 'infra/api.tf'), TERRAFORM);
  writeFileSync(join(dir, 'node_modules/pkg/bad.yaml'), 'a: [\n');
  writeFileSync(join(dir, '.terraform/modules/x.tf'), 'resource "aws_api_gateway_deployment" "d" {\n}\n');
  writeFileSync(join(dir, 'warning.yaml'), WARNING_ONLY);
  writeFileSync(join(dir, 'serverless.yml'), INFO_ONLY);
  writeFileSync(join(dir, 'package.json'), '{"name": "x"}');
  writeFileSync(join(dir, 'notes.yaml'), 'title: not a template\n');
  writeFileSync(join(dir, 'broken.json'), '{\n  "Resources": {\n    "A": 1,\n  }\n}\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('--output json: the documented stable shape, folders searched recursively (node_modules, .terraform skipped)', async () => {
  const run = await runCli(['lint', '.', '--output', 'json'], { cwd: dir });
  assert.equal(run.code, 1);
  const report = JSON.parse(run.stdout) as LintJsonReport;
  assert.deepEqual(Object.keys(report), ['schemaVersion', 'tool', 'files', 'findings', 'summary']);
  assert.equal(report.schemaVersion, 1);
  assert.deepEqual(report.tool, { name: 'apigw-doctor', version: '0.1.0' });
  assert.deepEqual(report.files, [
    { path: 'broken.json', framework: null },
    { path: 'infra/api.tf', framework: 'terraform' },
    { path: 'notes.yaml', framework: null },
    { path: 'serverless.yml', framework: 'serverless' },
    { path: 'warning.yaml', framework: 'cloudformation' },
  ]);
  assert.deepEqual(
    report.findings.map((f) => [f.file, f.line, f.severity, f.ruleId]),
    [
      ['broken.json', 4, 'error', 'parse-error'],
      ['infra/api.tf', 9, 'info', 'method-aws-iam-auth'],
      ['infra/api.tf', 12, 'error', 'deployment-not-redeployed-on-change'],
      ['serverless.yml', 7, 'info', 'catch-all-route'],
      ['warning.yaml', 2, 'warning', 'custom-domain-execute-api-endpoint-enabled'],
    ],
  );
  const redeploy = report.findings[2]!;
  assert.deepEqual(Object.keys(redeploy), [
    'ruleId',
    'severity',
    'title',
    'file',
    'line',
    'message',
    'fix',
    'docs',
  ]);
  assert.equal(redeploy.title, 'Deployment is not re-created when the API changes');
  assert.match(redeploy.fix!.code!, /aws_api_gateway_method\.get\.id/);
  assert.ok(
    redeploy.docs.includes(
      'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_deployment',
    ),
  );
  assert.deepEqual(report.summary, { error: 2, warning: 1, info: 2, files: 3, skipped: 2 });
});

test('--output sarif: valid SARIF 2.1.0 with paths relative to the working folder and start lines', async () => {
  const run = await runCli(['lint', 'infra', 'warning.yaml', '--output', 'sarif'], { cwd: dir });
  assert.equal(run.code, 1);
  const log = JSON.parse(run.stdout);
  assert.deepEqual(sarifErrors(log), []);
  const results = log.runs[0].results as {
    ruleId: string;
    level: string;
    locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
  }[];
  assert.deepEqual(
    results.map((r) => [
      r.ruleId,
      r.level,
      r.locations[0]!.physicalLocation.artifactLocation.uri,
      r.locations[0]!.physicalLocation.region.startLine,
    ]),
    [
      ['method-aws-iam-auth', 'note', 'infra/api.tf', 9],
      ['deployment-not-redeployed-on-change', 'error', 'infra/api.tf', 12],
      ['custom-domain-execute-api-endpoint-enabled', 'warning', 'warning.yaml', 2],
    ],
  );
  const rule = log.runs[0].tool.driver.rules.find(
    (r: { id: string }) => r.id === 'deployment-not-redeployed-on-change',
  );
  assert.equal(
    rule.helpUri,
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-deploy-api.html',
  );
});

test('exit codes: 0 for info only, 1 for a warning or error, --severity raises the bar, 2 for usage errors', async () => {
  const info = await runCli(['lint', 'serverless.yml'], { cwd: dir });
  assert.equal(info.code, 0);
  assert.match(info.stdout, /serverless.yml:7 info catch-all-route /);
  const warning = await runCli(['lint', 'warning.yaml'], { cwd: dir });
  assert.equal(warning.code, 1);
  const onlyErrors = await runCli(['lint', 'warning.yaml', '--severity', 'error'], { cwd: dir });
  assert.equal(onlyErrors.code, 0);
  assert.equal(onlyErrors.stdout, '0 findings (0 error, 0 warning, 0 info) in 1 file\n');
  const clean = await runCli(['lint', 'notes.yaml'], { cwd: dir });
  assert.deepEqual(
    [clean.code, clean.stdout],
    [0, '0 findings (0 error, 0 warning, 0 info) in 0 files (1 not API Gateway IaC, skipped)\n'],
  );
  const unknownRule = await runCli(['lint', '.', '--rule', 'no-such-rule'], { cwd: dir });
  assert.equal(unknownRule.code, 2);
  assert.match(
    unknownRule.stderr,
    /^apigw-doctor: unknown rule "no-such-rule" \(rules: deployment-not-redeployed-on-change, /,
  );
  assert.equal(unknownRule.stderr.split('\n').length, 2);
  const missing = await runCli(['lint', 'nowhere.yaml'], { cwd: dir });
  assert.deepEqual(
    [missing.code, missing.stderr],
    [2, 'apigw-doctor: nowhere.yaml: no such file or folder\n'],
  );
  const broken = await runCli(['lint', 'broken.json'], { cwd: dir });
  assert.equal(broken.code, 1);
});

test('--rule selects and --ignore removes rules', async () => {
  const only = await runCli(['lint', '.', '--rule', 'catch-all-route', '-o', 'json'], { cwd: dir });
  assert.deepEqual(
    (JSON.parse(only.stdout) as LintJsonReport).findings.map((f) => f.ruleId),
    ['catch-all-route'],
  );
  assert.equal(only.code, 0);
  const ignored = await runCli(
    [
      'lint',
      '.',
      '--ignore',
      'parse-error',
      '--ignore',
      'deployment-not-redeployed-on-change',
      '--ignore',
      'custom-domain-execute-api-endpoint-enabled',
    ],
    { cwd: dir },
  );
  assert.equal(ignored.code, 0);
  assert.doesNotMatch(ignored.stdout, /parse-error|deployment-not-redeployed/);
});

test('an absolute path (from another working folder) is read and reported as given', async () => {
  const file = join(dir, 'warning.yaml');
  // The CLI runs in the project folder; the file is in the temporary folder, outside it.
  const r = await runCli(['lint', file, '-o', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as LintJsonReport;
  assert.ok(report.findings.length > 0);
  for (const finding of report.findings) assert.equal(finding.file, file);
});
