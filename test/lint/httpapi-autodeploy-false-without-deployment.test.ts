import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectLines } from './helpers.js';

const RULE = 'httpapi-autodeploy-false-without-deployment';

test('Terraform: HTTP API stage without auto_deploy and no deployment is flagged; auto_deploy = true is not', async () => {
  const tf = (extra: string) => `resource "aws_apigatewayv2_api" "http" {
  name          = "x"
  protocol_type = "HTTP"
}
resource "aws_apigatewayv2_stage" "dev" {
  api_id = aws_apigatewayv2_api.http.id
  name   = "dev"
${extra}}
`;
  const [finding] = await expectLines(RULE, { 'a.tf': tf('') }, [5]);
  assert.equal(finding!.fix!.code, '  auto_deploy = true');
  await expectLines(RULE, { 'a.tf': tf('  auto_deploy = false\n') }, [8]);
  await expectLines(RULE, { 'a.tf': tf('  auto_deploy = true\n') }, []);
  await expectLines(RULE, { 'a.tf': tf('  auto_deploy = var.auto\n') }, []);
});

test('CloudFormation: AutoDeploy absent and no deployment is flagged; a deployment resource clears it', async () => {
  const t = (extra: string) => `Resources:
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: x, ProtocolType: HTTP }
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Http, StageName: dev }
${extra}`;
  const [finding] = await expectLines(RULE, { 't.yaml': t('') }, [5]);
  assert.equal(finding!.fix!.code, '      AutoDeploy: true');
  await expectLines(
    RULE,
    {
      't.yaml': t(
        '  D:\n    Type: AWS::ApiGatewayV2::Deployment\n    Properties: { ApiId: !Ref Http, StageName: dev }\n',
      ),
    },
    [],
  );
});
