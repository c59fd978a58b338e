import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectLines } from './helpers.js';

const RULE = 'custom-domain-execute-api-endpoint-enabled';

test('CloudFormation: a base path mapping to an API with the default endpoint on is flagged', async () => {
  const t = (disable: string) => `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: x
${disable}  Domain:
    Type: AWS::ApiGateway::DomainName
    Properties: { DomainName: api.example.com }
  Mapping:
    Type: AWS::ApiGateway::BasePathMapping
    Properties: { DomainName: !Ref Domain, RestApiId: !Ref Api, Stage: prod }
`;
  const [finding] = await expectLines(RULE, { 't.yaml': t('') }, [2]);
  assert.match(finding!.message, /through Mapping, line 9/);
  assert.equal(finding!.fix!.code, '      DisableExecuteApiEndpoint: true');
  await expectLines(RULE, { 't.yaml': t('      DisableExecuteApiEndpoint: true\n') }, []);
});

test('Private APIs, and APIs without a domain mapping, are not flagged', async () => {
  const t = `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { EndpointConfiguration: { Types: [PRIVATE] }, Policy: {} }
  Mapping:
    Type: AWS::ApiGateway::BasePathMappingV2
    Properties: { RestApiId: !Ref Api, DomainNameArn: arn }
  Other:
    Type: AWS::ApiGateway::RestApi
`;
  await expectLines(RULE, { 't.yaml': t }, []);
});

test('Terraform: an API mapping to an HTTP API without disable_execute_api_endpoint is flagged', async () => {
  const tf = (disable: string) => `resource "aws_apigatewayv2_api" "http" {
  name          = "x"
  protocol_type = "HTTP"
${disable}}
resource "aws_apigatewayv2_api_mapping" "m" {
  api_id      = aws_apigatewayv2_api.http.id
  domain_name = "api.example.com"
  stage       = "$default"
}
`;
  const [finding] = await expectLines(RULE, { 'd.tf': tf('') }, [1]);
  assert.equal(finding!.fix!.code, '  disable_execute_api_endpoint = true');
  await expectLines(RULE, { 'd.tf': tf('  disable_execute_api_endpoint = true\n') }, []);
  await expectLines(RULE, { 'd.tf': tf('  disable_execute_api_endpoint = local.has_domain\n') }, []);
});

test('Serverless: custom.customDomain without disableDefaultEndpoint is flagged; a commented-out one is not', async () => {
  const sls = `service: s
provider:
  name: aws
functions:
  f:
    handler: h.f
    events:
      - http: GET /
custom:
  customDomain:
    domainName: api.example.com
`;
  const [finding] = await expectLines(RULE, { 'serverless.yml': sls }, [8]);
  assert.match(finding!.fix!.code!, /disableDefaultEndpoint: true/);
  await expectLines(
    RULE,
    {
      'serverless.yml': sls.replace('  customDomain:\n    domainName', '  # customDomain:\n  #  domainName'),
    },
    [],
  );
});

test('SAM: the Domain property of an AWS::Serverless::Api is a custom domain in use', async () => {
  const t = (disable: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
${disable}      Domain:
        DomainName: api.example.com
        CertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/x
`;
  const [finding] = await expectLines(RULE, { 't.yaml': t('') }, [3]);
  assert.match(finding!.message, /through Api.Domain, line 7/);
  await expectLines(RULE, { 't.yaml': t('      DisableExecuteApiEndpoint: true\n') }, []);
});
