import { awsCli } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'canary-route-mismatch',
  title: 'The canary deployment routes this request differently',
  defaultSeverity: 'warning',
  checks:
    "A stage canary whose deployment serves (or lacks) the route differently from the stage's main deployment, so answers flip between calls.",
  sources: [DOCS.canary],
  check({ sim, region, report }) {
    if (!sim.facts.canaryDiffers || sim.stage === undefined || !('canary' in sim.stage) || !sim.stage.canary)
      return;
    const canary = sim.stage.canary;
    report({
      title: `${canary.percentTraffic}% of requests go to canary deployment ${canary.deploymentId ?? ''}, which routes this request differently`,
      explanation: `Stage ${sim.stage.name} sends ${canary.percentTraffic}% of requests to the canary deployment. For this request the canary and the main deployment disagree, so the answer changes from call to call — an intermittent Missing Authentication Token is the typical symptom.`,
      evidence: sim.trace.filter((t) => t.detail.includes('canary')).map((t) => t.detail),
      fix: {
        summary:
          'Promote the canary (the stage then serves its deployment) or remove it, so both serve the same routes',
        commands: [
          `# promote: the stage takes the canary's deployment, then the canary settings go`,
          awsCli(
            'apigateway',
            'update-stage',
            {
              'rest-api-id': sim.api?.id ?? '{api-id}',
              'stage-name': sim.stage.name,
              'patch-operations': `op=replace,path=/deploymentId,value=${canary.deploymentId ?? '{canary-deployment-id}'}`,
            },
            region,
          ),
          awsCli(
            'apigateway',
            'update-stage',
            {
              'rest-api-id': sim.api?.id ?? '{api-id}',
              'stage-name': sim.stage.name,
              'patch-operations': 'op=remove,path=/canarySettings',
            },
            region,
          ),
          `# or remove the canary only (the second command alone)`,
        ],
      },
      verify: ['apigw-doctor diagnose URL --probe'],
      basis: 'inferred',
    });
  },
});
