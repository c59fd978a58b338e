import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'vpce-api-id-missing',
  title: 'A VPC endpoint host name without Host or x-apigw-api-id',
  defaultSeverity: 'error',
  checks:
    'A request to a vpce-….execute-api.{region}.vpce.amazonaws.com host that does not say which API it is for.',
  sources: [DOCS.privateInvoke],
  check({ sim, inventory, report }) {
    if (sim.outcome !== 'VPCE_API_ID_MISSING') return;
    const vpce =
      sim.endpoint.kind === 'vpce-dns' ? sim.endpoint.vpceDns.replace(/-[a-z0-9]+$/, '') : undefined;
    const candidates = inventory.apis.filter(
      (a) =>
        a.kind === 'REST' &&
        a.endpointTypes.includes('PRIVATE') &&
        (!vpce || a.vpcEndpointIds.length === 0 || a.vpcEndpointIds.includes(vpce)),
    );
    const apiId = candidates[0]?.id ?? '{api-id}';
    report({
      title: 'The request does not name the private API',
      explanation:
        'The endpoint-specific DNS name of a VPC endpoint serves every private API it can reach; the request must say which one with a Host: {api-id}.execute-api.{region}.amazonaws.com header or an x-apigw-api-id: {api-id} header (documented).',
      evidence: [`host: ${sim.request.host}`, 'no Host or x-apigw-api-id header naming an API'],
      fix: {
        summary: candidates.length
          ? `Add x-apigw-api-id: ${apiId} (${candidates.map((a) => `${a.id}${a.name ? ` ${a.name}` : ''}`).join(', ')} can be reached through this endpoint)`
          : 'Add x-apigw-api-id with the private API id',
        commands: [`curl -i -H 'x-apigw-api-id: ${apiId}' '${sim.request.url}'`],
      },
      verify: [`apigw-doctor diagnose '${sim.request.url}' -H 'x-apigw-api-id: ${apiId}'`],
      basis: 'documented',
    });
  },
});
