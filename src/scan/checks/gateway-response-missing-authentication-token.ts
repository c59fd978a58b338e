import { awsCli } from '../../diagnose/helpers.js';
import { DOCS } from '../../diagnose/sources.js';
import { defineCheck } from './check.js';

export default defineCheck({
  id: 'gateway-response-missing-authentication-token',
  severity: 'warning',
  title: 'The Missing Authentication Token gateway response is customised',
  checks:
    'A REST API whose MISSING_AUTHENTICATION_TOKEN gateway response is customised (status, body or headers): callers and tools no longer see the message that says the route or stage is wrong.',
  sources: [DOCS.gatewayResponses, DOCS.matKc],
  run({ inventory, region, report }) {
    for (const api of inventory.apis) {
      if (api.kind !== 'REST') continue;
      const response = api.gatewayResponses?.MISSING_AUTHENTICATION_TOKEN;
      if (!response || response.defaultResponse !== false) continue;
      const evidence = [`MISSING_AUTHENTICATION_TOKEN: status ${response.statusCode ?? '403'}`];
      for (const [type, template] of Object.entries(response.responseTemplates ?? {}))
        evidence.push(`template ${type}: ${template.length > 120 ? `${template.slice(0, 120)}…` : template}`);
      report({
        resource: api.id,
        api,
        title: `${api.name ?? api.id} customises the Missing Authentication Token response, which hides the cause of failing calls`,
        explanation:
          'API Gateway answers Missing Authentication Token for a request that matches no route, a wrong stage, or an unsigned call to an AWS_IAM method. A customised response (a 404, a friendly body) makes those cases look like something else, for callers and for diagnosis tools.',
        evidence,
        fix: {
          summary:
            'Reset the gateway response to the default (one-way: back up the custom one first), then deploy',
          commands: [
            awsCli(
              'apigateway',
              'get-gateway-response',
              { 'rest-api-id': api.id, 'response-type': 'MISSING_AUTHENTICATION_TOKEN' },
              region,
            ) + ' > MISSING_AUTHENTICATION_TOKEN.backup.json',
            awsCli(
              'apigateway',
              'delete-gateway-response',
              { 'rest-api-id': api.id, 'response-type': 'MISSING_AUTHENTICATION_TOKEN' },
              region,
            ),
            ...api.stages.map((s) =>
              awsCli(
                'apigateway',
                'create-deployment',
                { 'rest-api-id': api.id, 'stage-name': s.name },
                region,
              ),
            ),
          ],
        },
      });
    }
  },
});
