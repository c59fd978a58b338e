import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectLines } from './helpers.js';

const RULE = 'cors-options-missing';

const cfn = (extra: string) => `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Items:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items }
  ItemsPost:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Items
      HttpMethod: POST
      Integration:
        Type: AWS
        IntegrationResponses:
          - StatusCode: '200'
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
${extra}`;

test('CloudFormation: a method returning Access-Control-Allow-Origin without OPTIONS is flagged, with the OPTIONS method to add', async () => {
  const [finding] = await expectLines(RULE, { 't.yaml': cfn('') }, [7]);
  assert.match(finding!.message, /^POST \/items returns Access-Control-\* headers/);
  assert.match(
    finding!.fix!.code!,
    /ItemsPostOptions:\n\s+Type: AWS::ApiGateway::Method[\s\S]*ResourceId: !Ref Items[\s\S]*HttpMethod: OPTIONS/,
  );
});

test('CloudFormation: an OPTIONS method on the resource, or a greedy OPTIONS above it, answers the preflight', async () => {
  const options = `  ItemsOptions:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !Ref Items, HttpMethod: OPTIONS }
`;
  await expectLines(RULE, { 't.yaml': cfn(options) }, []);
  const greedy = `  Proxy:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: '{proxy+}' }
  ProxyOptions:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !Ref Proxy, HttpMethod: OPTIONS }
`;
  await expectLines(RULE, { 't.yaml': cfn(greedy) }, []);
});

test('OpenAPI: an operation with CORS response headers and no options is flagged; HTTP API CORS is not', async () => {
  const openapi = `openapi: 3.0.1
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
          headers:
            Access-Control-Allow-Origin: { schema: { type: string } }
      x-amazon-apigateway-integration: { type: mock }
`;
  const [finding] = await expectLines(RULE, { 'api.yaml': openapi }, [4]);
  assert.match(finding!.fix!.code!, /\/pets:\n\s+options:/);
  await expectLines(
    RULE,
    { 'api.yaml': `${openapi}x-amazon-apigateway-cors: { allowOrigins: ['*'] }\n` },
    [],
  );
});

test('Serverless cors: true and SAM Cors add OPTIONS themselves: not flagged', async () => {
  const sls = `service: s
provider: { name: aws }
functions:
  f:
    handler: h.f
    events:
      - http: { path: items, method: post, cors: true }
`;
  await expectLines(RULE, { 'serverless.yml': sls }, []);
});

test('Terraform: an integration response with CORS headers and no OPTIONS method is flagged', async () => {
  const tf = `resource "aws_api_gateway_rest_api" "api" {
  name = "x"
}
resource "aws_api_gateway_resource" "items" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "items"
}
resource "aws_api_gateway_method" "post" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.items.id
  http_method   = "POST"
  authorization = "NONE"
}
resource "aws_api_gateway_integration_response" "post" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.items.id
  http_method = aws_api_gateway_method.post.http_method
  status_code = "200"
  response_parameters = {
    "method.response.header.Access-Control-Allow-Origin" = "'*'"
  }
}
`;
  const [finding] = await expectLines(RULE, { 'c.tf': tf }, [9]);
  assert.match(
    finding!.fix!.code!,
    /resource "aws_api_gateway_method" "post_options" \{[\s\S]*resource_id {3}= aws_api_gateway_resource.items.id/,
  );
});
