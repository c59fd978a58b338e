import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectLines } from './helpers.js';

const RULE = 'stage-without-deployment';

test('CloudFormation: a REST stage without DeploymentId is flagged; with one it is not', async () => {
  const t = (deploymentId: string) => `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  D:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: !Ref Api }
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
${deploymentId}`;
  const [finding] = await expectLines(RULE, { 't.yaml': t('') }, [7]);
  assert.equal(finding!.fix!.code, '      DeploymentId: !Ref D');
  await expectLines(RULE, { 't.yaml': t('      DeploymentId: !Ref D\n') }, []);
});

test('CloudFormation v2: a WebSocket stage with a deployment that targets it by StageName is not flagged', async () => {
  const t = (stageName: string) => `Resources:
  Ws:
    Type: AWS::ApiGatewayV2::Api
    Properties: { ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action }
  D:
    Type: AWS::ApiGatewayV2::Deployment
    Properties: { ApiId: !Ref Ws${stageName} }
  Prod:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Ws, StageName: prod }
`;
  await expectLines(RULE, { 't.yaml': t(', StageName: prod') }, []);
  await expectLines(RULE, { 't.yaml': t('') }, [8]);
});

test('Terraform: aws_api_gateway_stage without deployment_id is flagged with the module deployment to use', async () => {
  const tf = (deploymentId: string) => `resource "aws_api_gateway_rest_api" "api" {
  name = "x"
}
resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  triggers    = { r = sha1(jsonencode(aws_api_gateway_rest_api.api)) }
}
resource "aws_api_gateway_stage" "prod" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = "prod"
${deploymentId}}
`;
  const [finding] = await expectLines(RULE, { 's.tf': tf('') }, [8]);
  assert.equal(finding!.fix!.code, '  deployment_id = aws_api_gateway_deployment.api.id');
  await expectLines(RULE, { 's.tf': tf('  deployment_id = aws_api_gateway_deployment.api.id\n') }, []);
});
