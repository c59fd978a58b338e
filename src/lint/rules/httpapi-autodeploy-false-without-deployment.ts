import type { LintFinding, LintRule } from '../types.js';
import { apiOf, cfnProperty, DOCS, report } from './helpers.js';

export const httpApiAutoDeployFalseWithoutDeployment: LintRule = {
  id: 'httpapi-autodeploy-false-without-deployment',
  title: 'HTTP API stage without AutoDeploy and without a deployment',
  severity: 'error',
  why: 'An HTTP API stage serves its routes only after a deployment; AutoDeploy defaults to false, so a stage declared without AutoDeploy: true and with no deployment resource serves nothing and answers 404 Not Found for every route (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html).',
  docs: [DOCS.httpStages],
  check(model) {
    const findings: LintFinding[] = [];
    for (const stage of model.stages) {
      if (stage.version !== 'v2' || stage.autoDeploy !== false || stage.hasDeploymentId) continue;
      const api = apiOf(model, stage.apiKey);
      if (!api || api.kind === 'websocket') continue;
      if (model.deployments.some((d) => d.apiKey === stage.apiKey)) continue;
      findings.push(
        report(
          this,
          { file: stage.file, line: stage.autoDeployLine },
          `${stage.key} has ${stage.autoDeployLine !== stage.line ? 'auto_deploy/AutoDeploy false' : 'no AutoDeploy (default false)'} and ${api.key} has no deployment: the stage serves no routes.`,
          stage.framework === 'terraform'
            ? { summary: `Turn on automatic deployment for ${stage.key}.`, code: '  auto_deploy = true' }
            : {
                summary: `Turn on automatic deployment for ${stage.key}.`,
                code: cfnProperty(stage.syntax, 'AutoDeploy', true),
              },
        ),
      );
    }
    return findings;
  },
};
