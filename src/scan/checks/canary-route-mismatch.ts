import { awsCli } from '../../diagnose/helpers.js';
import { diffRoutes } from '../../diagnose/route-diff.js';
import { DOCS } from '../../diagnose/sources.js';
import { defineCheck } from './check.js';

export default defineCheck({
  id: 'canary-route-mismatch',
  severity: 'warning',
  title: 'The canary deployment serves a different route set',
  checks:
    "A stage canary whose deployment has routes (or authorization) the stage's main deployment has not, or lacks some it has: answers flip between calls.",
  sources: [DOCS.canary],
  run({ inventory, region, report }) {
    for (const api of inventory.apis) {
      if (api.kind !== 'REST') continue;
      for (const stage of api.stages) {
        const canary = stage.canary;
        if (!canary?.resources || !stage.resources) continue;
        const diff = diffRoutes(stage.resources, canary.resources);
        const lines = [
          ...diff.added.map((r) => `canary only: ${r}`),
          ...diff.removed.map((r) => `main only: ${r}`),
          ...diff.changed.map((r) => `differs: ${r}`),
        ];
        if (lines.length === 0) continue;
        report({
          resource: `${api.id}/${stage.name}`,
          api,
          stage: stage.name,
          title: `${canary.percentTraffic}% of the calls to stage ${stage.name} of ${api.name ?? api.id} reach a canary with a different route set`,
          explanation:
            `Stage ${stage.name} sends ${canary.percentTraffic}% of requests to canary deployment ${canary.deploymentId ?? '(unknown)'} and the rest to ${stage.deploymentId ?? '(unknown)'}. ` +
            'The two do not serve the same routes, so the same request succeeds or fails (often 403 Missing Authentication Token) from one call to the next.',
          evidence: lines,
          fix: {
            summary: 'Promote the canary (the stage takes its deployment) or remove it',
            commands: [
              awsCli(
                'apigateway',
                'update-stage',
                {
                  'rest-api-id': api.id,
                  'stage-name': stage.name,
                  'patch-operations': `op=replace,path=/deploymentId,value=${canary.deploymentId ?? ''}`,
                },
                region,
              ),
              awsCli(
                'apigateway',
                'update-stage',
                {
                  'rest-api-id': api.id,
                  'stage-name': stage.name,
                  'patch-operations': 'op=remove,path=/canarySettings',
                },
                region,
              ),
            ],
          },
        });
      }
    }
  },
});
