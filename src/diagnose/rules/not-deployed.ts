import { awsCli, curlFor, restApi, restStage } from '../helpers.js';
import { diffRoutes } from '../route-diff.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'not-deployed',
  title: 'The route exists but is not deployed to the stage',
  defaultSeverity: 'error',
  checks:
    "A missed route that the API's current configuration (or the user's own definition) has, but the stage's deployment lacks.",
  sources: [DOCS.matKc, DOCS.deploy],
  check({ sim, region, report }) {
    const miss = sim.facts.routeMiss;
    const api = restApi(sim);
    const stage = restStage(sim);
    if (!miss || !api || !stage) return;
    const found = miss.inCurrentConfig ?? miss.inIntendedConfig;
    if (!found) return;
    const inAws = miss.inCurrentConfig !== undefined;
    const evidence = [
      `stage ${stage.name} serves deployment ${stage.deploymentId ?? '(unknown)'}${stage.deploymentCreatedDate ? ` created ${stage.deploymentCreatedDate}` : ''}; its routes come from ${stage.routesOrigin ?? 'the inputs'}`,
      `${found.httpMethod} ${found.resourcePath} is ${inAws ? 'in the current configuration (get-resources)' : `in ${api.intendedSource ?? 'the source definition'}`} but not in the deployment`,
    ];
    const lines: string[] = [];
    if (inAws && api.currentResources && stage.resources) {
      const diff = diffRoutes(stage.resources, api.currentResources);
      const total = diff.added.length + diff.removed.length + diff.changed.length;
      evidence.push(
        `deploying now ships ${total} route change${total === 1 ? '' : 's'} in all (blast radius below)`,
      );
      for (const r of diff.added) lines.push(`  + ${r}`);
      for (const r of diff.removed) lines.push(`  - ${r}`);
      for (const r of diff.changed) lines.push(`  ~ ${r}`);
    }
    const otherStages = api.stages.filter(
      (s) => s.name !== stage.name && s.deploymentId === stage.deploymentId && s.deploymentId,
    );
    if (otherStages.length)
      evidence.push(
        `stages sharing this deployment (not changed by the fix): ${otherStages.map((s) => s.name).join(', ')}`,
      );
    report({
      title: `${found.httpMethod} ${found.resourcePath} is ${inAws ? 'configured' : 'defined'} but not deployed to stage ${stage.name}`,
      explanation:
        `A stage serves a deployment: a frozen copy of the API taken when it was deployed. ` +
        (inAws
          ? `The route was added (or changed) after deployment ${stage.deploymentId ?? ''} was made, so stage ${stage.name} still answers 403 Missing Authentication Token for it. Deploying the API to the stage publishes it.`
          : `The route is in your definition but not in what stage ${stage.name} serves: either it was never imported or it was not deployed.`) +
        (lines.length
          ? `\nA deployment ships every pending change, not just this route:\n${lines.join('\n')}`
          : ''),
      evidence,
      fix: inAws
        ? {
            summary: `Deploy the API to stage ${stage.name} (review the pending changes above first)`,
            commands: [
              awsCli(
                'apigateway',
                'create-deployment',
                {
                  'rest-api-id': api.id,
                  'stage-name': stage.name,
                  description: `apigw-doctor: deploy ${found.httpMethod} ${found.resourcePath}`,
                },
                region,
              ),
            ],
            console: `API Gateway console → APIs → ${api.name ?? api.id} → Resources → Deploy API → Stage: ${stage.name}`,
          }
        : {
            summary: `Import or create the route from your definition, then deploy to ${stage.name}`,
            commands: [
              awsCli(
                'apigateway',
                'put-rest-api',
                {
                  'rest-api-id': api.id,
                  mode: 'merge',
                  body: `fileb://${api.intendedSource ?? 'openapi.json'}`,
                },
                region,
              ),
              awsCli(
                'apigateway',
                'create-deployment',
                { 'rest-api-id': api.id, 'stage-name': stage.name },
                region,
              ),
            ],
          },
      verify: [curlFor(sim), `apigw-doctor diagnose ${sim.request.url} --probe`],
      basis: stage.routesOrigin === 'current-config-assumed' ? 'inferred' : 'documented',
    });
  },
});
