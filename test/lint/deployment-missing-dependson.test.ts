import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectLines } from './helpers.js';

const RULE = 'deployment-missing-dependson';

const cfn = (dependsOn: string) => `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Get:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: NONE }
  Post:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: POST, AuthorizationType: NONE }
  Deployment:
    Type: AWS::ApiGateway::Deployment
${dependsOn}    Properties:
      RestApiId: !Ref Api
`;

test('CloudFormation: DependsOn missing a method is flagged with the complete list', async () => {
  const [finding] = await expectLines(RULE, { 't.yaml': cfn('    DependsOn: Get\n') }, [12]);
  assert.match(finding!.message, /misses Post of Api/);
  assert.equal(finding!.fix!.code, '    DependsOn:\n      - Get\n      - Post');
});

test('CloudFormation: no DependsOn at all is flagged at the deployment; a complete one is not', async () => {
  await expectLines(RULE, { 't.yaml': cfn('') }, [10]);
  await expectLines(RULE, { 't.yaml': cfn('    DependsOn: [Get, Post]\n') }, []);
});

test('CloudFormation JSON: the fix is written in JSON', async () => {
  const json = JSON.stringify(
    {
      Resources: {
        Api: { Type: 'AWS::ApiGateway::RestApi' },
        Get: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            RestApiId: { Ref: 'Api' },
            ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
            HttpMethod: 'GET',
          },
        },
        Deployment: { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: { Ref: 'Api' } } },
      },
    },
    null,
    2,
  );
  const [finding] = await expectLines(RULE, { 't.json': json }, [21]);
  assert.equal(finding!.fix!.code, '"DependsOn": ["Get"]');
});

const TF = (deployment: string) => `resource "aws_api_gateway_rest_api" "api" {
  name = "x"
}
resource "aws_api_gateway_method" "get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "GET"
  authorization = "NONE"
}
resource "aws_api_gateway_integration" "get" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_rest_api.api.root_resource_id
  http_method = aws_api_gateway_method.get.http_method
  type        = "MOCK"
}
resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
${deployment}
}
`;

test('Terraform: a deployment that neither depends on nor references the integration is flagged', async () => {
  const [finding] = await expectLines(RULE, { 'm.tf': TF('') }, [16]);
  assert.equal(finding!.fix!.code, '  depends_on = [\n    aws_api_gateway_integration.get,\n  ]');
  await expectLines(RULE, { 'm.tf': TF('  depends_on = [aws_api_gateway_integration.get]') }, []);
  await expectLines(
    RULE,
    { 'm.tf': TF('  triggers = { r = sha1(jsonencode([aws_api_gateway_integration.get.id])) }') },
    [],
  );
});

test('Terraform: resources split over two files of one module are read together', async () => {
  const text = TF('  depends_on = [aws_api_gateway_integration.get]');
  const split = text.indexOf('resource "aws_api_gateway_deployment"');
  await expectLines(RULE, { 'mod/a.tf': text.slice(0, split), 'mod/b.tf': text.slice(split) }, []);
});
