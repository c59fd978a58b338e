import { awsCli, sh } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'api-key-missing',
  title: 'The method requires an API key',
  defaultSeverity: 'error',
  checks: 'The matched method has apiKeyRequired and the request has no x-api-key header.',
  sources: [DOCS.apiKeys, DOCS.forbiddenKc],
  check({ sim, region, report }) {
    if (sim.facts.apiKey?.problem !== 'missing') return;
    const api = sim.api!;
    report({
      title: `${sim.route?.httpMethod} ${sim.route?.resourcePath} requires an API key (x-api-key)`,
      explanation:
        'The method has "API key required" on. Without an x-api-key header API Gateway answers 403 {"message":"Forbidden"} (ForbiddenException). ' +
        `The key must also belong to a usage plan that includes ${api.id}/${sim.stage?.name ?? '{stage}'}.`,
      evidence: [
        `apiKeyRequired: true on ${sim.route?.httpMethod} ${sim.route?.resourcePath}`,
        'request: no x-api-key header',
      ],
      fix: {
        summary: 'Send the API key in the x-api-key header',
        commands: [
          awsCli(
            'apigateway',
            'get-usage-plans',
            { 'key-id': undefined, query: `items[?apiStages[?apiId=='${api.id}']].[id,name]` },
            region,
          ),
          awsCli(
            'apigateway',
            'get-api-keys',
            { 'include-values': '', query: 'items[].[id,name,enabled]' },
            region,
          ),
          `curl -i -H "x-api-key: $API_KEY" ${sh(sim.request.url)}`,
        ],
      },
      verify: [`curl -i -H "x-api-key: $API_KEY" ${sh(sim.request.url)}`],
      basis: 'documented',
    });
  },
});
