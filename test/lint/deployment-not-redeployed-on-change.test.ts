import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectLines } from './helpers.js';

const RULE = 'deployment-not-redeployed-on-change';

const CFN = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: shop
  Items:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: items
  ItemsGet:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Items
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: MOCK
  __DEPLOYMENT__:
    Type: AWS::ApiGateway::Deployment
    DependsOn: ItemsGet
    Properties:
      RestApiId: !Ref Api
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      DeploymentId: !Ref __DEPLOYMENT__
      StageName: prod
`;

test('CloudFormation: a fixed deployment logical id is flagged, with a hashed id and the stage to update', async () => {
  const [finding] = await expectLines(
    RULE,
    { 'api.yaml': CFN.replaceAll('__DEPLOYMENT__', 'ApiDeployment') },
    [22],
  );
  assert.match(finding!.message, /^ApiDeployment has a fixed logical id/);
  assert.match(
    finding!.fix!.summary,
    /rename ApiDeployment to ApiDeployment[0-9a-f]{8} .*DeploymentId of Prod/,
  );
  assert.match(finding!.fix!.code!, /DependsOn:\n\s+- ItemsGet/);
});

test('CloudFormation: a content-hashed deployment id (CDK style) is not flagged', async () => {
  await expectLines(RULE, { 'api.yaml': CFN.replaceAll('__DEPLOYMENT__', 'ApiDeployment5f2c9a1b') }, []);
});

test('SAM and Serverless http events redeploy on change: not flagged', async () => {
  const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Events:
        Get:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /items, Method: get }
`;
  const sls = `service: shop
provider:
  name: aws
functions:
  list:
    handler: h.list
    events:
      - http: GET items
`;
  await expectLines(RULE, { 'template.yaml': sam, 'serverless.yml': sls }, []);
});

test('Serverless: a raw deployment under resources.Resources is flagged', async () => {
  const sls = `service: shop
provider:
  name: aws
resources:
  Resources:
    Api:
      Type: AWS::ApiGateway::RestApi
      Properties: { Name: shop }
    ApiDeployment:
      Type: AWS::ApiGateway::Deployment
      Properties:
        RestApiId: !Ref Api
`;
  const [finding] = await expectLines(RULE, { 'serverless.yml': sls }, [9]);
  assert.match(finding!.fix!.summary, /http events/);
});

const TF_PARTS = `resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_api_gateway_resource" "items" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  parent_id   = aws_api_gateway_rest_api.shop.root_resource_id
  path_part   = "items"
}

resource "aws_api_gateway_method" "items_get" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_resource.items.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "items_get" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  resource_id = aws_api_gateway_resource.items.id
  http_method = aws_api_gateway_method.items_get.http_method
  type        = "MOCK"
}
`;

test('Terraform: a deployment without triggers is flagged, and the fix lists the real resources', async () => {
  const tf = `${TF_PARTS}
resource "aws_api_gateway_deployment" "shop" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  depends_on  = [aws_api_gateway_integration.items_get]
}
`;
  const [finding] = await expectLines(RULE, { 'infra/api.tf': tf }, [25]);
  assert.equal(
    finding!.fix!.code,
    [
      '  triggers = {',
      '    redeployment = sha1(jsonencode([',
      '      aws_api_gateway_resource.items.id,',
      '      aws_api_gateway_method.items_get.id,',
      '      aws_api_gateway_integration.items_get.id,',
      '    ]))',
      '  }',
      '',
      '  lifecycle {',
      '    create_before_destroy = true',
      '  }',
    ].join('\n'),
  );
});

test('Terraform: triggers that miss a method are flagged at the triggers line; complete ones are not', async () => {
  const partial = `${TF_PARTS}
resource "aws_api_gateway_deployment" "shop" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  triggers = {
    redeployment = sha1(jsonencode([aws_api_gateway_resource.items.id]))
  }
}
`;
  const [finding] = await expectLines(RULE, { 'api.tf': partial }, [27]);
  assert.match(
    finding!.message,
    /do not hash aws_api_gateway_method.items_get, aws_api_gateway_integration.items_get/,
  );
  const complete = partial.replace(
    '[aws_api_gateway_resource.items.id]',
    '[aws_api_gateway_resource.items.id, aws_api_gateway_method.items_get.id, aws_api_gateway_integration.items_get.id]',
  );
  await expectLines(RULE, { 'api.tf': complete }, []);
});

test('Terraform: a body-based API whose deployment hashes the body is not flagged; one that does not is', async () => {
  const body = (triggers: string) => `resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
  body = file("openapi.json")
}

resource "aws_api_gateway_deployment" "shop" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
${triggers}
}
`;
  await expectLines(
    RULE,
    {
      'a/api.tf': body(
        '  triggers = { redeployment = sha1(jsonencode(aws_api_gateway_rest_api.shop.body)) }',
      ),
    },
    [],
  );
  const [finding] = await expectLines(RULE, { 'b/api.tf': body('') }, [6]);
  assert.match(finding!.fix!.code!, /sha1\(jsonencode\(aws_api_gateway_rest_api\.shop\.body\)\)/);
});

test('Terraform: the legacy stage_description hash counts as a redeploy trigger', async () => {
  const tf = `${TF_PARTS}
resource "aws_api_gateway_deployment" "shop" {
  rest_api_id       = aws_api_gateway_rest_api.shop.id
  stage_description = "hash \${md5(file("api.tf"))}"
}
`;
  await expectLines(RULE, { 'api.tf': tf }, []);
});

test('CloudFormation v2: a fixed-id deployment is flagged unless a stage of the API auto-deploys', async () => {
  const t = (autoDeploy: string) => `Resources:
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: x, ProtocolType: HTTP }
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Http, RouteKey: GET /items }
  Deployment:
    Type: AWS::ApiGatewayV2::Deployment
    DependsOn: Route
    Properties: { ApiId: !Ref Http }
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Http, StageName: dev, DeploymentId: !Ref Deployment${autoDeploy} }
`;
  const [finding] = await expectLines(RULE, { 't.yaml': t('') }, [8]);
  assert.match(finding!.fix!.code!, /Type: AWS::ApiGatewayV2::Deployment/);
  await expectLines(RULE, { 't.yaml': t(', AutoDeploy: true') }, []);
});
