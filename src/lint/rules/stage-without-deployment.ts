import type { LintFinding, LintRule } from '../types.js';
import { cfnProperty, DOCS, report } from './helpers.js';

export const stageWithoutDeployment: LintRule = {
  id: 'stage-without-deployment',
  title: 'Stage has no deployment',
  severity: 'error',
  why: 'A stage is a named reference to a deployment; without DeploymentId (deployment_id) it serves nothing, so every request to it fails (REST: 403 Missing Authentication Token or Forbidden) until someone deploys by hand — and that manual deployment is lost on the next template update (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-stage.html, https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-deploy-api.html). HTTP API stages with AutoDeploy are exempt, and a stage whose API has no deployment at all is reported by httpapi-autodeploy-false-without-deployment instead.',
  docs: [DOCS.cfnStage, DOCS.deploy],
  check(model) {
    const findings: LintFinding[] = [];
    for (const stage of model.stages) {
      if (stage.hasDeploymentId || stage.autoDeploy !== false) continue;
      const deployments = model.deployments.filter((d) => d.apiKey === stage.apiKey);
      if (stage.version === 'v2') {
        if (deployments.length === 0) continue; // httpapi-autodeploy-false-without-deployment
        // AWS::ApiGatewayV2::Deployment with StageName deploys to the stage itself.
        if (deployments.some((d) => d.stageName !== null && d.stageName === stage.stageName)) continue;
      }
      const deployment = deployments[0]?.key ?? `${stage.apiKey ?? 'Api'}Deployment`;
      findings.push(
        report(
          this,
          stage,
          `${stage.key} has no ${stage.framework === 'terraform' ? 'deployment_id' : 'DeploymentId'}: the stage serves no deployment, so nothing is callable on it.`,
          stage.framework === 'terraform'
            ? {
                summary: `Point ${stage.key} at a deployment of its API.`,
                code: `  deployment_id = ${deployments[0]?.key ?? `aws_api_gateway_deployment.${stage.key.split('.')[1]}`}.id`,
              }
            : {
                summary: `Point ${stage.key} at a deployment of ${stage.apiKey ?? 'its API'}.`,
                code:
                  stage.syntax === 'json'
                    ? `"DeploymentId": { "Ref": "${deployment}" }`
                    : cfnProperty('yaml', 'DeploymentId', `!Ref ${deployment}`),
              },
        ),
      );
    }
    return findings;
  },
};
