import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'public-api-via-vpc-endpoint',
  title: 'A public API called through an execute-api VPC endpoint',
  defaultSeverity: 'error',
  checks: 'A REGIONAL or EDGE API called from a VPC whose execute-api interface endpoint has private DNS on.',
  sources: [DOCS.vpcConnectionsKc],
  check({ sim, report }) {
    if (sim.outcome !== 'PUBLIC_API_VIA_VPCE' || !sim.api) return;
    const api = sim.api;
    report({
      title: `Public API ${api.id} called through VPC endpoint ${sim.request.fromVpcEndpoint ?? ''}`.trim(),
      explanation:
        'With private DNS enabled on an execute-api interface endpoint, every *.execute-api host name in that VPC resolves to the endpoint, which routes only to private APIs; a REGIONAL or EDGE API then answers 403 Forbidden (documented in the Knowledge Center).',
      evidence: [
        `endpoint type of ${api.id}: ${api.kind === 'REST' ? api.endpointTypes.join(', ') || 'not private' : 'HTTP (never private)'}`,
        `caller: through ${sim.request.fromVpcEndpoint ?? 'a VPC endpoint'}`,
      ],
      fix: {
        summary:
          "Reach the public API through a custom domain name, a NAT gateway path without the endpoint's private DNS, or make the API private and allow the endpoint in its policy",
        commands: [],
      },
      verify: ['apigw-doctor diagnose URL --probe'],
      basis: 'documented',
    });
  },
});
