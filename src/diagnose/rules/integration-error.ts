import { awsCli } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'integration-error',
  title: 'The integration is misconfigured',
  defaultSeverity: 'error',
  checks:
    'Integration settings visible in the configuration that fail every call: a Lambda proxy integration whose method is not POST, an integration URI using an undefined stage variable.',
  sources: [DOCS.lambdaProxy],
  check({ sim, region, report }) {
    if (sim.outcome !== 'INTEGRATION_MISCONFIGURED' || !sim.api) return;
    const integration = sim.route?.method?.integration;
    const missingVariable = /stage variable ([A-Za-z0-9_, ]+), which/
      .exec(sim.facts.integrationProblem ?? '')?.[1]
      ?.split(', ')[0];
    const lambdaMethod =
      !missingVariable &&
      integration?.type === 'AWS_PROXY' &&
      integration.httpMethod !== undefined &&
      integration.httpMethod !== 'POST';
    report({
      title: `${sim.route?.httpMethod} ${sim.route?.resourcePath}: ${sim.facts.integrationProblem ?? 'integration misconfigured'}`,
      explanation: `The route matches, but its integration cannot work: ${sim.facts.integrationProblem}. API Gateway answers 500 {"message": "Internal server error"} (recorded against AWS).`,
      evidence: [
        `integration type ${integration?.type ?? '?'}, method ${integration?.httpMethod ?? '?'}`,
        `uri: ${integration?.uri ?? '?'}`,
      ],
      fix: lambdaMethod
        ? {
            summary: 'Lambda is always invoked with POST: set the integration method to POST, then deploy',
            commands: [
              awsCli(
                'apigateway',
                'update-integration',
                {
                  'rest-api-id': sim.api.id,
                  'resource-id':
                    sim.api.kind === 'REST'
                      ? (sim.api.currentResources?.find((r) => r.path === sim.route?.resourcePath)?.id ??
                        '{resource-id}')
                      : undefined,
                  'http-method': sim.route?.httpMethod,
                  'patch-operations': 'op=replace,path=/httpMethod,value=POST',
                },
                region,
              ),
              awsCli(
                'apigateway',
                'create-deployment',
                { 'rest-api-id': sim.api.id, 'stage-name': sim.stage?.name ?? '{stage}' },
                region,
              ),
            ],
          }
        : {
            summary: 'Define the stage variable on the stage, or fix the integration URI',
            commands: [
              awsCli(
                'apigateway',
                'update-stage',
                {
                  'rest-api-id': sim.api.id,
                  'stage-name': sim.stage?.name ?? '{stage}',
                  'patch-operations': `op=replace,path=/variables/${missingVariable ?? '{name}'},value={value}`,
                },
                region,
              ),
            ],
          },
      verify: ['apigw-doctor diagnose URL --probe'],
      basis: 'recorded',
    });
  },
});
