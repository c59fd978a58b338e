import { test } from 'node:test';
import { expectLines } from './helpers.js';

const RULE = 'catch-all-route';

test('REST ANY /{proxy+}, HTTP $default, quick create and Serverless catch-alls are reported', async () => {
  const cfn = `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Proxy:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: '{proxy+}' }
  ProxyAny:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !Ref Proxy, HttpMethod: ANY }
  ProxyOptions:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !Ref Proxy, HttpMethod: OPTIONS }
  RootAny:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: ANY }
  Quick:
    Type: AWS::ApiGatewayV2::Api
    Properties: { ProtocolType: HTTP, Target: arn:aws:lambda:eu-west-1:123456789012:function:f }
`;
  await expectLines(RULE, { 't.yaml': cfn }, [7, 16]);
  const sls = `service: s
provider: { name: aws }
functions:
  f:
    handler: h.f
    events:
      - http: ANY /
      - http: ANY /{proxy+}
      - httpApi: '*'
      - httpApi: GET /items
`;
  await expectLines(RULE, { 'serverless.yml': sls }, [8, 9]);
  const tf = `resource "aws_apigatewayv2_route" "d" {
  api_id    = aws_apigatewayv2_api.a.id
  route_key = "$default"
}
resource "aws_apigatewayv2_route" "e" {
  api_id    = aws_apigatewayv2_api.a.id
  route_key = each.key
}
`;
  await expectLines(RULE, { 'r.tf': tf }, [1]);
});
