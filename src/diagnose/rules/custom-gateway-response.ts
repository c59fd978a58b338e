import { awsCli } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'custom-gateway-response',
  title: 'A customised gateway response changes what the client sees',
  defaultSeverity: 'warning',
  checks:
    'The gateway response that answers the request (or its DEFAULT_4XX/5XX parent) is customised, so the status or body differ from AWS defaults.',
  sources: [DOCS.gatewayResponses, DOCS.matKc],
  check({ sim, region, report }) {
    const gr = sim.facts.gatewayResponse;
    if (!gr?.customised || !sim.response || !sim.api) return;
    const errorType = sim.response.headers['x-amzn-ErrorType'];
    report({
      title: `The ${gr.type} answer is customised (through ${gr.via}): ${sim.response.status} instead of AWS's default`,
      explanation:
        `API Gateway answers this request with its ${gr.type} gateway response, which this API customises${gr.via !== gr.type ? ` through ${gr.via}` : ''}. ` +
        `The client sees status ${sim.response.status} and body ${sim.response.body.length > 120 ? sim.response.body.slice(0, 120) + '…' : sim.response.body}. ` +
        `The x-amzn-ErrorType header (${errorType ?? 'absent'}) still names the real cause. Custom responses hide "Missing Authentication Token" from users and from tools that look for it.`,
      evidence: [
        `gateway response ${gr.via}: customised (defaultResponse false)`,
        `x-amzn-ErrorType: ${errorType ?? '(none)'}`,
      ],
      fix: {
        summary:
          'Nothing to fix if intended; fix the underlying cause named by the other findings. To restore the default answer:',
        commands: [
          awsCli(
            'apigateway',
            'delete-gateway-response',
            { 'rest-api-id': sim.api.id, 'response-type': gr.via ?? gr.type },
            region,
          ),
          awsCli(
            'apigateway',
            'create-deployment',
            { 'rest-api-id': sim.api.id, 'stage-name': sim.stage?.name ?? '{stage}' },
            region,
          ),
        ],
      },
      verify: ['curl -si URL | grep -i x-amzn-errortype'],
      basis: 'documented',
    });
  },
});
