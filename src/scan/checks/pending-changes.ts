import { awsCli } from '../../diagnose/helpers.js';
import { diffRoutes } from '../../diagnose/route-diff.js';
import { DOCS } from '../../diagnose/sources.js';
import { defineCheck } from './check.js';

export default defineCheck({
  id: 'pending-changes',
  severity: 'warning',
  title: 'The stage serves an older version of the API',
  checks:
    "REST: every route added, removed or changed (authorization, API key) in the current configuration but not in the stage's deployment. HTTP: auto-deploy off and the stage's deployment older than the API's newest deployment.",
  sources: [DOCS.deploy, DOCS.httpStages],
  run({ inventory, region, report }) {
    for (const api of inventory.apis) {
      if (api.kind === 'REST') {
        if (!api.currentResources) continue;
        for (const stage of api.stages) {
          if (!stage.resources || stage.routesOrigin !== 'deployment-apisummary') continue;
          const diff = diffRoutes(stage.resources, api.currentResources);
          const lines = [
            ...diff.added.map((r) => `+ ${r}`),
            ...diff.removed.map((r) => `- ${r}`),
            ...diff.changed.map((r) => `~ ${r}`),
          ];
          if (lines.length === 0) continue;
          report({
            resource: `${api.id}/${stage.name}`,
            api,
            stage: stage.name,
            title: `Stage ${stage.name} of ${api.name ?? api.id} does not serve ${lines.length} change${lines.length === 1 ? '' : 's'} made since its deployment`,
            explanation:
              `Stage ${stage.name} serves deployment ${stage.deploymentId ?? '(unknown)'}${stage.deploymentCreatedDate ? ` of ${stage.deploymentCreatedDate}` : ''}; the current configuration differs from it route by route. ` +
              'Added routes answer 403 Missing Authentication Token on this stage until the API is deployed; deploying ships all of these changes at once.',
            evidence: lines,
            fix: {
              summary: `Deploy to ${stage.name} when these changes are ready to ship`,
              commands: [
                awsCli(
                  'apigateway',
                  'create-deployment',
                  { 'rest-api-id': api.id, 'stage-name': stage.name },
                  region,
                ),
              ],
            },
          });
        }
        continue;
      }
      if (api.kind !== 'HTTP') continue;
      const created = (id: string | undefined) => api.deployments.find((d) => d.id === id)?.createdDate;
      const newest = [...api.deployments]
        .filter((d) => d.createdDate)
        .sort((a, b) => b.createdDate!.localeCompare(a.createdDate!))[0];
      for (const stage of api.stages) {
        if (stage.autoDeploy || !stage.deploymentId || !newest) continue;
        const deployedAt = created(stage.deploymentId);
        if (!deployedAt || newest.id === stage.deploymentId || newest.createdDate! <= deployedAt) continue;
        report({
          resource: `${api.id}/${stage.name}`,
          api,
          stage: stage.name,
          title: `Stage ${stage.name} of ${api.name ?? api.id} (auto-deploy off) serves a deployment older than the API's last change`,
          explanation:
            `Stage ${stage.name} does not deploy automatically and serves deployment ${stage.deploymentId} of ${deployedAt}, while the API was deployed again on ${newest.createdDate} (${newest.id}): the configuration changed after this stage's deployment. ` +
            'HTTP API deployments carry no route list, so the routes that differ cannot be named; routes added since answer 404 Not Found on this stage.',
          evidence: [
            `autoDeploy: false`,
            `stage deployment: ${stage.deploymentId} (${deployedAt})`,
            `newest deployment: ${newest.id} (${newest.createdDate})`,
          ],
          fix: {
            summary: `Deploy the current configuration to ${stage.name} when it is ready to ship`,
            commands: [
              awsCli(
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
