import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'vpce-api-id-missing',
  title: 'A VPC endpoint host name without Host or x-apigw-api-id',
  defaultSeverity: 'error',
  checks:
    'A request to a vpce-….execute-api.{region}.vpce.amazonaws.com host that does not say which API it is for.',
  sources: [DOCS.privateInvoke],
  check({ sim, report }) {
    if (sim.outcome !== 'VPCE_API_ID_MISSING') return;
    report({
      title: 'The request does not name the private API',
      explanation:
        'The endpoint-specific DNS name of a VPC endpoint serves every private API it can reach; the request must say which one with a Host: {api-id}.execute-api.{region}.amazonaws.com header or an x-apigw-api-id: {api-id} header (documented).',
      evidence: [`host: ${sim.request.host}`, 'no Host or x-apigw-api-id header naming an API'],
      fix: {
        summary: 'Add x-apigw-api-id',
        commands: [`curl -i -H 'x-apigw-api-id: {api-id}' '${sim.request.url}'`],
      },
      verify: ['apigw-doctor diagnose URL -H "x-apigw-api-id: {api-id}"'],
      basis: 'documented',
    });
  },
});
