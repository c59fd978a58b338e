import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectLines } from './helpers.js';

const RULE = 'method-aws-iam-auth';

test('CloudFormation Method, SAM DefaultAuthorizer, Serverless and Terraform AWS_IAM are reported at the auth line', async () => {
  const cfn = `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: AWS_IAM
  Post:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: POST, AuthorizationType: NONE }
`;
  const [finding] = await expectLines(RULE, { 't.yaml': cfn }, [10]);
  assert.equal(finding!.severity, 'info');
  assert.match(finding!.message, /^GET \/ \(Get\) requires SigV4/);
  const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      Auth:
        DefaultAuthorizer: AWS_IAM
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /, Method: get }
        Open:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /open, Method: get, Auth: { Authorizer: NONE } }
`;
  await expectLines(RULE, { 's.yaml': sam }, [8]);
  const sls = `service: s
provider: { name: aws }
functions:
  f:
    handler: h.f
    events:
      - http:
          path: a
          method: get
          authorizer: aws_iam
`;
  await expectLines(RULE, { 'serverless.yml': sls }, [10]);
  const tf = `resource "aws_apigatewayv2_route" "r" {
  api_id             = aws_apigatewayv2_api.a.id
  route_key          = "GET /a"
  authorization_type = "AWS_IAM"
}
`;
  await expectLines(RULE, { 'r.tf': tf }, [4]);
});

test('OpenAPI: an operation secured by an awsSigv4 scheme is reported', async () => {
  const openapi = JSON.stringify(
    {
      swagger: '2.0',
      paths: { '/a': { get: { security: [{ sigv4: [] }] }, post: {} } },
      securityDefinitions: {
        sigv4: {
          type: 'apiKey',
          name: 'Authorization',
          in: 'header',
          'x-amazon-apigateway-authtype': 'awsSigv4',
        },
      },
    },
    null,
    2,
  );
  await expectLines(RULE, { 'api.json': openapi }, [6]);
});
