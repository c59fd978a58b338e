import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runCli, SHARED } from '../helpers.js';
import type { LintJsonReport } from '../../src/report/lint.js';

const CORPUS = `${SHARED}corpus/iac/`;

/**
 * What each corpus file should give, established by reading the file (see docs/lint.md for the rules):
 * rule id → the lines reported. A file absent from a row's map gives no finding at all.
 */
const EXPECTED: Record<string, { framework: string | null; findings: Record<string, number[]> }> = {
  // RestApi + Resource + ANY method, no Deployment or Stage at all.
  'cfn-templates__APIGateway__apigateway_lambda_integration.json': {
    framework: 'cloudformation',
    findings: { 'rest-api-never-deployed': [28] },
  },
  // Same template in YAML, with Rain's non-standard !Rain::Embed tag (must parse); endpoint type is a parameter.
  'cfn-templates__APIGateway__apigateway_lambda_integration.yaml': {
    framework: 'cloudformation',
    findings: { 'rest-api-never-deployed': [26] },
  },
  // Module fragment: fixed-id deployment; no methods here, so DependsOn has nothing to miss.
  'cfn-templates__RainModules__rest-api.yml': {
    framework: 'cloudformation',
    findings: { 'deployment-not-redeployed-on-change': [16] },
  },
  // Complete DependsOn, but a fixed id with a Metadata "Version: 2" bump, which does not replace the deployment;
  // OPTIONS are Lambda-proxied methods (no CORS headers in integration responses).
  'cfn-templates__Solutions__WebApp__webapp.yaml': {
    framework: 'cloudformation',
    findings: { 'deployment-not-redeployed-on-change': [795] },
  },
  // MISSING_AUTHENTICATION_TOKEN customised to 401; /{proxy+} has only OPTIONS (not a catch-all) and answers the
  // preflight of /just_do_it (AWS backtracks to the greedy sibling).
  'localstack__tests__aws__files__openapi.spec.pulumi.json': {
    framework: 'openapi',
    findings: { 'gateway-response-missing-authentication-token': [107] },
  },
  // PetStore: every CORS-returning resource has OPTIONS; "/" returns HTML without CORS headers.
  'localstack__tests__aws__files__petstore-swagger.json': { framework: 'openapi', findings: {} },
  // $default route; stage without auto_deploy (default false) and no aws_apigatewayv2_deployment.
  'pike__terraform__aws__backup__aws_apigatewayv2_api.tf': {
    framework: 'terraform',
    findings: { 'catch-all-route': [6], 'httpapi-autodeploy-false-without-deployment': [11] },
  },
  // SAM transform but raw REST resources: fixed deployment id, DependsOn only the GET (misses OPTIONS).
  'serverless-patterns__apigw-cors-proxy__template.yaml': {
    framework: 'sam',
    findings: { 'deployment-not-redeployed-on-change': [111], 'deployment-missing-dependson': [113] },
  },
  // Deliberately broken upstream: "MappingRestEdge:curc" on line 34.
  'serverless-patterns__apigw-custom-domain-edge__template.yaml': {
    framework: null,
    findings: { 'parse-error': [34] },
  },
  // HTTP API with AutoDeploy: true and DisableExecuteApiEndpoint: true; mapping to an external domain.
  'serverless-patterns__apigw-eventbridge__template.yml': { framework: 'sam', findings: {} },
  // HTTP API, auto_deploy = true, ANY / (not greedy), disable_execute_api_endpoint from a local.
  'serverless-patterns__apigw-http-api-waf-cloudfront-terraform__apigateway.tf': {
    framework: 'terraform',
    findings: {},
  },
  // SAM API with Auth.DefaultAuthorizer AWS_IAM applied to its one GET / event.
  'serverless-patterns__apigw-iam__template.yaml': {
    framework: 'sam',
    findings: { 'method-aws-iam-auth': [43] },
  },
  // Half fixed: create_before_destroy but no triggers; depends_on covers the only integration.
  'serverless-patterns__apigw-lambda-transcribe__main.tf': {
    framework: 'terraform',
    findings: { 'deployment-not-redeployed-on-change': [167] },
  },
  // HTTP API quick create (Target ⇒ $default route, auto-deployed stage); custom domain with the default endpoint
  // disabled; CorsConfiguration answers preflights.
  'serverless-patterns__apigw-mutualtls-lambda__template.yaml': {
    framework: 'cloudformation',
    findings: { 'catch-all-route': [39] },
  },
  // REST OpenAPI body without CORS or IAM.
  'serverless-patterns__apigw-openapi-lambda-dynamodb-xray-terraform__infra__openapi-spec.yaml': {
    framework: 'openapi',
    findings: {},
  },
  // Body-driven API with triggers = sha1(jsonencode(body)) + create_before_destroy: the right pattern.
  'serverless-patterns__apigw-openapi-lambda-dynamodb-xray-terraform__infra__restapi__main.tf': {
    framework: 'terraform',
    findings: {},
  },
  // Raw CloudFormation under resources: (no http events): the framework does not redeploy it.
  'serverless-patterns__apigw-rest-api-dynamodb-sls__serverless.yml': {
    framework: 'serverless',
    findings: { 'deployment-not-redeployed-on-change': [157], 'deployment-missing-dependson': [159] },
  },
  // AWS_IAM on all three methods; {item+} GET is a greedy catch-all; fixed deployment depending on one method.
  'serverless-patterns__apigw-s3-proxy__template.yaml': {
    framework: 'sam',
    findings: {
      'method-aws-iam-auth': [34, 68, 94],
      'catch-all-route': [88],
      'deployment-not-redeployed-on-change': [114],
      'deployment-missing-dependson': [116],
    },
  },
  // HTTP API definition with x-amazon-apigateway-cors.
  'serverless-patterns__apigw-sqs-lambda__api.yaml': { framework: 'openapi', findings: {} },
  // Body (jsonencode) API; deployment with neither triggers nor lifecycle.
  'serverless-patterns__apigw-sqs-terraform__main.tf': {
    framework: 'terraform',
    findings: { 'deployment-not-redeployed-on-change': [131] },
  },
  // WebSocket API with a fixed-id AWS::ApiGatewayV2::Deployment (complete DependsOn) and no auto-deploy.
  'serverless-patterns__apigw-websocket-api-lambda__template.yml': {
    framework: 'sam',
    findings: { 'deployment-not-redeployed-on-change': [213] },
  },
  // PRIVATE with Policy; ANY /{proxy+}; fixed deployment (complete DependsOn); root ANY answers OPTIONS.
  'serverless-patterns__cognito-restapi-vpclink__template.yml': {
    framework: 'sam',
    findings: { 'catch-all-route': [154], 'deployment-not-redeployed-on-change': [218] },
  },
  // SAM PRIVATE API with x-amazon-apigateway-policy in DefinitionBody; private custom domain.
  'serverless-patterns__private-apigw-custom-domain__template.yaml': { framework: 'sam', findings: {} },
  // PRIVATE with aws_api_gateway_rest_api_policy; triggers cover method and integration.
  'serverless-patterns__public-alb-private-api-terraform__privateapi.tf': {
    framework: 'terraform',
    findings: {},
  },
  // PRIVATE with Policy; the "custom domain" is a Route 53 CNAME, not an API Gateway mapping; fixed deployment.
  'serverless-patterns__public-nlb-or-alb-private-api-cfn__template.yaml': {
    framework: 'sam',
    findings: { 'deployment-not-redeployed-on-change': [160] },
  },
  // Three REST APIs behind one custom domain through routing rules, default endpoints on; three fixed deployments.
  'serverless-samples__apigw-header-routing__template-header-based-routing.yaml': {
    framework: 'cloudformation',
    findings: {
      'custom-domain-execute-api-endpoint-enabled': [97, 106, 115],
      'deployment-not-redeployed-on-change': [162, 170, 178],
    },
  },
  // SAM PRIVATE API with Auth.ResourcePolicy, definition via AWS::Include (not visible here).
  'serverless-samples__apigw-private-custom-domain-name__iac__apigw.yaml': { framework: 'sam', findings: {} },
  'serverless-samples__apigw-private-custom-domain-name__iac__swagger.yaml': {
    framework: 'openapi',
    findings: {},
  },
  // Gateway responses add CORS headers only (DEFAULT_4XX keeps status and message); Lambda authorizer, no IAM.
  'serverless-samples__serverless-rest-api__python-rest-sam__src__api__swagger.yaml': {
    framework: 'openapi',
    findings: {},
  },
  // SAM API with Cors (SAM adds OPTIONS), ApiKeyRequired.
  'serverless-samples__serverless-rest-api__python-rest-sam__template.yaml': {
    framework: 'sam',
    findings: {},
  },
  // templatefile body, triggers on the body hash + create_before_destroy, two stages via for_each.
  'serverless-samples__serverless-rest-api__python-rest-terraform__application__rest-api.tf': {
    framework: 'terraform',
    findings: {},
  },
  // cors: true (the framework adds OPTIONS); gateway responses for EXPIRED_TOKEN and UNAUTHORIZED only.
  'sls-examples__aws-node-auth0-custom-authorizers-api__serverless.yml': {
    framework: 'serverless',
    findings: {},
  },
  // httpApi: '*' is the $default catch-all.
  'sls-examples__aws-node-express-api__serverless.yml': {
    framework: 'serverless',
    findings: { 'catch-all-route': [12] },
  },
  // private: true is an API key requirement, not a private endpoint.
  'sls-examples__aws-node-typescript-apollo-lambda__serverless.yml': {
    framework: 'serverless',
    findings: {},
  },
  // ANY /{proxy+}; the customDomain block is commented out.
  'sls-examples__aws-node-vue-nuxt-ssr__serverless.yml': {
    framework: 'serverless',
    findings: { 'catch-all-route': [18] },
  },
  // Module call only: routes are module inputs, not resources (known limit).
  'tf-apigw-v2__examples__complete-http__main.tf': { framework: 'terraform', findings: {} },
  // The module itself: auto_deploy, target and disable_execute_api_endpoint are expressions; WebSocket deployment
  // with full triggers.
  'tf-apigw-v2__main.tf': { framework: 'terraform', findings: {} },
  'MANIFEST.json': { framework: null, findings: {} },
};

test('lint runs over every corpus file as a process and finds exactly what reading each file predicts', async () => {
  const manifest = JSON.parse(readFileSync(`${CORPUS}MANIFEST.json`, 'utf8')) as { file: string }[];
  assert.deepEqual(
    Object.keys(EXPECTED).sort(),
    [...manifest.map((m) => m.file), 'MANIFEST.json'].sort(),
    'the table covers every corpus file',
  );
  const run = await runCli(['lint', '.', '--output', 'json'], { cwd: CORPUS });
  assert.equal(run.stderr, '');
  assert.equal(run.code, 1);
  const report = JSON.parse(run.stdout) as LintJsonReport;
  const actual: typeof EXPECTED = {};
  for (const file of report.files) actual[file.path] = { framework: file.framework, findings: {} };
  for (const finding of report.findings) {
    const entry = actual[finding.file]!;
    (entry.findings[finding.ruleId] ??= []).push(finding.line);
  }
  for (const entry of Object.values(actual))
    for (const lines of Object.values(entry.findings)) lines.sort((a, b) => a - b);
  assert.deepEqual(actual, EXPECTED);
  assert.deepEqual(report.summary, { error: 20, warning: 3, info: 11, files: 36, skipped: 2 });
});

test('the deliberately broken template gives a clear parse error with file and line, and fails the run', async () => {
  const run = await runCli(['lint', 'serverless-patterns__apigw-custom-domain-edge__template.yaml'], {
    cwd: CORPUS,
  });
  assert.equal(run.code, 1);
  assert.equal(
    run.stdout.split('\n')[0],
    'serverless-patterns__apigw-custom-domain-edge__template.yaml:34 error parse-error serverless-patterns__apigw-custom-domain-edge__template.yaml:34: invalid YAML: Implicit keys need to be on a single line',
  );
});

test('the Terraform fix names the file’s own resources (transcribe pattern)', async () => {
  const run = await runCli(['lint', 'serverless-patterns__apigw-lambda-transcribe__main.tf'], {
    cwd: CORPUS,
  });
  assert.equal(run.code, 1);
  assert.equal(
    run.stdout,
    [
      'serverless-patterns__apigw-lambda-transcribe__main.tf:167 error deployment-not-redeployed-on-change aws_api_gateway_deployment.deployment has no triggers: Terraform creates it once and never again, so later changes to aws_api_gateway_rest_api.api are not deployed (create_before_destroy alone does not redeploy).',
      "  fix: In aws_api_gateway_deployment.deployment, hash the API's resources, methods and integrations in triggers so that Terraform replaces the deployment whenever they change.",
      '      triggers = {',
      '        redeployment = sha1(jsonencode([',
      '          aws_api_gateway_resource.resource.id,',
      '          aws_api_gateway_method.method.id,',
      '          aws_api_gateway_integration.integration.id,',
      '        ]))',
      '      }',
      '1 finding (1 error, 0 warning, 0 info) in 1 file',
      '',
    ].join('\n'),
  );
});
