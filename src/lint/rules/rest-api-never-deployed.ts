import type { LintFinding, LintRule } from '../types.js';
import { DOCS, report, routesOf } from './helpers.js';

export const restApiNeverDeployed: LintRule = {
  id: 'rest-api-never-deployed',
  title: 'REST API has methods but no deployment',
  severity: 'error',
  why: 'A REST API is callable only through a stage, and a stage serves a deployment; an API whose methods are never deployed has no invoke URL at all, and a stage created by hand later serves whatever snapshot was taken then (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-deploy-api.html). The template defines methods but no AWS::ApiGateway::Deployment / aws_api_gateway_deployment for the API.',
  docs: [DOCS.deploy, DOCS.cfnDeployment, DOCS.tfDeployment],
  check(model) {
    const findings: LintFinding[] = [];
    for (const api of model.apis) {
      if (api.kind !== 'rest' || api.deployedBy !== 'file') continue;
      const methods = routesOf(model, api);
      if (methods.length === 0 && !api.bodyDefined) continue;
      if (model.deployments.some((d) => d.apiKey === api.key)) continue;
      const names = methods.filter((m) => m.key).map((m) => m.key!);
      const fix =
        api.framework === 'terraform'
          ? {
              summary: `Add a deployment and a stage for ${api.key}, redeployed whenever the API changes.`,
              code:
                `resource "aws_api_gateway_deployment" "${api.key.split('.')[1]}" {\n  rest_api_id = ${api.key}.id\n\n  triggers = {\n    redeployment = sha1(jsonencode([\n` +
                (names.length ? names.map((n) => `      ${n}.id,`).join('\n') : `      ${api.key}.body,`) +
                `\n    ]))\n  }\n\n  lifecycle {\n    create_before_destroy = true\n  }\n}\n\nresource "aws_api_gateway_stage" "${api.key.split('.')[1]}" {\n  rest_api_id   = ${api.key}.id\n  deployment_id = aws_api_gateway_deployment.${api.key.split('.')[1]}.id\n  stage_name    = "prod"\n}`,
            }
          : {
              summary: `Add an AWS::ApiGateway::Deployment for ${api.key} that depends on its methods, and a stage (or use AWS::Serverless::Api, which deploys for you).`,
              code:
                api.syntax === 'json'
                  ? `"${api.key}Deployment": {\n  "Type": "AWS::ApiGateway::Deployment",\n  "DependsOn": [${names.map((n) => JSON.stringify(n)).join(', ')}],\n  "Properties": { "RestApiId": { "Ref": "${api.key}" }, "StageName": "prod" }\n}`
                  : `  ${api.key}Deployment:\n    Type: AWS::ApiGateway::Deployment\n    DependsOn:\n${names.map((n) => `      - ${n}`).join('\n')}\n    Properties:\n      RestApiId: !Ref ${api.key}\n      StageName: prod`,
            };
      findings.push(
        report(
          this,
          api,
          `${api.key} defines ${methods.length ? `${methods.length} method${methods.length === 1 ? '' : 's'}` : 'its methods in a body'} but nothing deploys it: it has no stage to call.`,
          fix,
        ),
      );
    }
    return findings;
  },
};
