import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectLines } from './helpers.js';

const RULE = 'gateway-response-missing-authentication-token';

test('CloudFormation: a MISSING_AUTHENTICATION_TOKEN response with another status is reported; CORS headers only are not', async () => {
  const t = (props: string) => `Resources:
  Mat:
    Type: AWS::ApiGateway::GatewayResponse
    Properties:
      RestApiId: !Ref Api
      ResponseType: MISSING_AUTHENTICATION_TOKEN
${props}`;
  const [finding] = await expectLines(RULE, { 't.yaml': t("      StatusCode: '404'\n") }, [2]);
  assert.match(finding!.message, /customised with status 404/);
  await expectLines(
    RULE,
    {
      't.yaml': t(
        '      ResponseParameters:\n        gatewayresponse.header.Access-Control-Allow-Origin: "\'*\'"\n',
      ),
    },
    [],
  );
});

test('OpenAPI: DEFAULT_4XX with a template is reported when MAT itself is not customised', async () => {
  const doc = (extra: object) =>
    JSON.stringify(
      {
        swagger: '2.0',
        paths: {},
        'x-amazon-apigateway-gateway-responses': {
          DEFAULT_4XX: { responseTemplates: { 'application/json': '{"error":"bad"}' } },
          ...extra,
        },
      },
      null,
      2,
    );
  const [finding] = await expectLines(RULE, { 'a.json': doc({}) }, [5]);
  assert.match(finding!.message, /^DEFAULT_4XX \(inherited by MISSING_AUTHENTICATION_TOKEN\)/);
  await expectLines(
    RULE,
    { 'a.json': doc({ MISSING_AUTHENTICATION_TOKEN: { responseParameters: {} } }) },
    [],
  );
});

test('Terraform: aws_api_gateway_gateway_response for MISSING_AUTHENTICATION_TOKEN with a template is reported', async () => {
  const tf = `resource "aws_api_gateway_gateway_response" "mat" {
  rest_api_id   = aws_api_gateway_rest_api.a.id
  response_type = "MISSING_AUTHENTICATION_TOKEN"
  response_templates = {
    "application/json" = "{\\"message\\":\\"Not found\\"}"
  }
}
`;
  await expectLines(RULE, { 'g.tf': tf }, [1]);
});
