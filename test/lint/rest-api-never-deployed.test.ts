import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectLines } from './helpers.js';

const RULE = 'rest-api-never-deployed';

test('CloudFormation: methods without any deployment are flagged; with one they are not', async () => {
  const base = `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Get:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET }
`;
  const [finding] = await expectLines(RULE, { 't.yaml': base }, [2]);
  assert.match(
    finding!.fix!.code!,
    /ApiDeployment:\n\s+Type: AWS::ApiGateway::Deployment\n\s+DependsOn:\n\s+- Get/,
  );
  await expectLines(
    RULE,
    {
      't.yaml': `${base}  D:\n    Type: AWS::ApiGateway::Deployment\n    DependsOn: Get\n    Properties: { RestApiId: !Ref Api, StageName: prod }\n`,
    },
    [],
  );
});

test('An API without methods (a module fragment) and a SAM API are not flagged', async () => {
  await expectLines(RULE, { 't.yaml': 'Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n' }, []);
  await expectLines(
    RULE,
    {
      't.yaml':
        'Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties: { StageName: prod }\n',
    },
    [],
  );
});

test('Terraform: a method without aws_api_gateway_deployment is flagged with a deployment and stage to add', async () => {
  const tf = `resource "aws_api_gateway_rest_api" "api" {
  name = "x"
}
resource "aws_api_gateway_method" "get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "GET"
  authorization = "NONE"
}
`;
  const [finding] = await expectLines(RULE, { 'x.tf': tf }, [1]);
  assert.match(
    finding!.fix!.code!,
    /resource "aws_api_gateway_deployment" "api"[\s\S]*aws_api_gateway_method.get.id/,
  );
});
