import { awsCli } from '../../diagnose/helpers.js';
import { DOCS } from '../../diagnose/sources.js';
import { defineCheck } from './check.js';

export default defineCheck({
  id: 'stage-without-deployment',
  severity: 'error',
  title: 'A stage has no deployment',
  checks:
    'A stage with no deployment, or whose deployment no longer exists: every request to it fails (REST: 403 Missing Authentication Token; HTTP: 404 Not Found).',
  sources: [DOCS.deploy, DOCS.httpStages],
  run({ inventory, region, report }) {
    for (const api of inventory.apis) {
      for (const stage of api.stages) {
        let why: string | undefined;
        if (!stage.deploymentId) why = 'the stage names no deployment';
        else if (api.kind !== 'REST' && !api.deployments.some((d) => d.id === stage.deploymentId))
          why = `deployment ${stage.deploymentId} is not among the API's deployments`;
        if (!why) continue;
        const auto = api.kind !== 'REST' && 'autoDeploy' in stage && stage.autoDeploy;
        report({
          resource: `${api.id}/${stage.name}`,
          api,
          stage: stage.name,
          title: `Stage ${stage.name} of ${api.name ?? api.id} serves no deployment`,
          explanation:
            `${why[0]!.toUpperCase()}${why.slice(1)}, so the stage has nothing to route requests to` +
            (api.kind === 'REST'
              ? ': every call answers 403 Missing Authentication Token.'
              : `: every call answers 404 Not Found${auto ? ' until the next change is auto-deployed' : ''}.`),
          evidence: [
            `stage ${stage.name}: deploymentId ${stage.deploymentId ?? 'none'}`,
            ...(api.kind !== 'REST' ? [`autoDeploy: ${auto ? 'true' : 'false'}`] : []),
          ],
          fix: {
            summary: `Deploy the API to ${stage.name}`,
            commands: [
              api.kind === 'REST'
                ? awsCli(
                    'apigateway',
                    'create-deployment',
                    { 'rest-api-id': api.id, 'stage-name': stage.name },
                    region,
                  )
                : awsCli(
                    'apigatewayv2',
                    'create-deployment',
                    { 'api-id': api.id, 'stage-name': stage.name },
                    region,
                  ),
            ],
          },
        });
      }
    }
  },
});
