import { awsCli, restApi, restStage } from '../helpers.js';
import { diffRoutes } from '../route-diff.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'pending-changes',
  title: 'The stage serves an older version of the API',
  defaultSeverity: 'info',
  checks:
    "Routes added, removed or changed (auth, API key) in the current configuration or in --source but not in the stage's deployment, whatever the request.",
  sources: [DOCS.deploy],
  check({ sim, region, report }) {
    const api = restApi(sim);
    const stage = restStage(sim);
    if (!api || !stage?.resources || stage.routesOrigin === 'current-config-assumed') return;
    // The requested route itself being undeployed is not-deployed's finding, which shows the same diff.
    if (sim.facts.routeMiss?.inCurrentConfig || sim.facts.routeMiss?.inIntendedConfig) return;
    const against = api.currentResources ?? api.intendedResources;
    if (!against) return;
    const what = api.currentResources
      ? 'the current configuration'
      : (api.intendedSource ?? 'your definition');
    const diff = diffRoutes(stage.resources, against);
    const lines = [
      ...diff.added.map((r) => `+ ${r}`),
      ...diff.removed.map((r) => `- ${r}`),
      ...diff.changed.map((r) => `~ ${r}`),
    ];
    if (lines.length === 0) return;
    report({
      title: `Stage ${stage.name} does not serve ${lines.length} change${lines.length === 1 ? '' : 's'} made in ${what}`,
      explanation:
        `Stage ${stage.name} serves deployment ${stage.deploymentId ?? '(unknown)'}${stage.deploymentCreatedDate ? ` of ${stage.deploymentCreatedDate}` : ''}; ${what} differs from it. ` +
        'Calls to the routes below get answers from the old version until the API is deployed (added routes answer 403 Missing Authentication Token). Deploying ships all of them at once.',
      evidence: lines.slice(0, 25).concat(lines.length > 25 ? [`… ${lines.length - 25} more`] : []),
      fix: api.currentResources
        ? {
            summary: `Deploy to ${stage.name} when these changes are ready to ship`,
            commands: [
              awsCli(
                'apigateway',
                'create-deployment',
                { 'rest-api-id': api.id, 'stage-name': stage.name },
                region,
              ),
            ],
          }
        : { summary: 'Import your definition and deploy it', commands: [] },
      verify: [`apigw-doctor diagnose ${sim.request.url} --snapshot snapshot.json`],
      basis: 'documented',
    });
  },
});
