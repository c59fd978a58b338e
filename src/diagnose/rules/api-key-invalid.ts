import type { Inventory } from '../../model/types.js';
import { awsCli } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'api-key-invalid',
  title: 'The API key is unknown, disabled or not in a usage plan for this stage',
  defaultSeverity: 'error',
  checks:
    'An x-api-key value that matches no key, a disabled key, or a key in no usage plan for the API stage.',
  sources: [DOCS.apiKeys, DOCS.forbiddenKc],
  check({ sim, inventory, region, report }) {
    const problem = sim.facts.apiKey?.problem;
    if (!problem || problem === 'missing') return;
    const api = sim.api!;
    const keyId = sim.facts.apiKey?.keyId;
    const text = {
      'unknown-key': 'The x-api-key value matches none of the API keys in the account.',
      disabled: `API key ${keyId} is disabled.`,
      'not-in-usage-plan': `API key ${keyId} is not in any usage plan that includes ${api.id}/${sim.stage?.name}.`,
    }[problem];
    const commands =
      problem === 'disabled' && keyId
        ? [
            awsCli(
              'apigateway',
              'update-api-key',
              { 'api-key': keyId, 'patch-operations': 'op=replace,path=/enabled,value=true' },
              region,
            ),
          ]
        : problem === 'not-in-usage-plan' && keyId
          ? [
              awsCli(
                'apigateway',
                'create-usage-plan-key',
                {
                  'usage-plan-id': planFor(inventory, api.id, sim.stage?.name),
                  'key-id': keyId,
                  'key-type': 'API_KEY',
                },
                region,
              ),
            ]
          : [
              awsCli(
                'apigateway',
                'get-api-keys',
                { 'include-values': '', query: 'items[].[id,name,enabled]' },
                region,
              ),
            ];
    report({
      title: `API key rejected: ${problem.replace(/-/g, ' ')}`,
      explanation: `${text} API Gateway answers 403 {"message":"Forbidden"} (INVALID_API_KEY).`,
      evidence: [`apiKeyRequired on ${sim.route?.httpMethod} ${sim.route?.resourcePath}`, text],
      fix: { summary: 'Use a valid, enabled key that is in a usage plan for this stage', commands },
      verify: ['curl -i -H "x-api-key: $API_KEY" URL'],
      basis: 'documented',
    });
  },
});

/** The usage plan that covers the API stage, if the inputs hold one. */
function planFor(inventory: Inventory, apiId: string, stage: string | undefined): string {
  return (
    inventory.usagePlans?.find((p) => p.apiStages.some((s) => s.apiId === apiId && s.stage === stage))?.id ??
    '{usage-plan-id}'
  );
}
