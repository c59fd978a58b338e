import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectLines } from './helpers.js';

const RULE = 'private-endpoint-without-resource-policy';

test('CloudFormation: PRIVATE without Policy is flagged at EndpointConfiguration; with Policy it is not', async () => {
  const t = (policy: string) => `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      EndpointConfiguration:
        Types: [PRIVATE]
${policy}`;
  const [finding] = await expectLines(RULE, { 't.yaml': t('') }, [5]);
  assert.match(finding!.fix!.code!, /aws:SourceVpce: <vpce-id>/);
  await expectLines(RULE, { 't.yaml': t('      Policy: { Statement: [] }\n') }, []);
});

test('SAM: Auth.ResourcePolicy or an x-amazon-apigateway-policy in DefinitionBody counts as a policy', async () => {
  const t = (extra: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      EndpointConfiguration: { Type: PRIVATE }
${extra}`;
  await expectLines(RULE, { 't.yaml': t('') }, [7]);
  await expectLines(
    RULE,
    { 't.yaml': t('      Auth: { ResourcePolicy: { SourceVpcWhitelist: [vpc-1] } }\n') },
    [],
  );
  await expectLines(
    RULE,
    {
      't.yaml': t(
        '      DefinitionBody: { openapi: 3.0.1, paths: {}, x-amazon-apigateway-policy: { Statement: [] } }\n',
      ),
    },
    [],
  );
});

test('Serverless: private: true on an http event means an API key, not a private endpoint', async () => {
  const sls = (extra: string) => `service: s
provider:
  name: aws
${extra}functions:
  f:
    handler: h.f
    events:
      - http: { path: graphql, method: post, private: true }
`;
  await expectLines(RULE, { 'serverless.yml': sls('') }, []);
  await expectLines(RULE, { 'serverless.yml': sls('  endpointType: PRIVATE\n') }, [4]);
});

test('Terraform: PRIVATE without policy is flagged; an aws_api_gateway_rest_api_policy clears it', async () => {
  const tf = `resource "aws_api_gateway_rest_api" "p" {
  name = "p"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}
`;
  const [finding] = await expectLines(RULE, { 'p.tf': tf }, [3]);
  assert.match(finding!.fix!.code!, /resource "aws_api_gateway_rest_api_policy" "p"/);
  await expectLines(
    RULE,
    {
      'p.tf': `${tf}resource "aws_api_gateway_rest_api_policy" "p" {\n  rest_api_id = aws_api_gateway_rest_api.p.id\n  policy = "{}"\n}\n`,
    },
    [],
  );
});
