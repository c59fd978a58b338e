import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'private-api-outside-vpc',
  title: 'A private API called from outside its VPC',
  defaultSeverity: 'error',
  checks:
    'A PRIVATE REST API called without a VPC endpoint, or through an alias of a VPC endpoint that is not associated with it.',
  sources: [DOCS.privateInvoke],
  check({ sim, live, region, report }) {
    const api = sim.api;
    if (sim.outcome !== 'NO_SUCH_HOST' || api?.kind !== 'REST' || !api.endpointTypes.includes('PRIVATE'))
      return;
    // The probe got an answer, so it ran where the API is reachable: prediction-mismatch says so.
    if (live && live.status !== null) return;
    const endpoint = sim.endpoint;
    const alias = endpoint.kind === 'execute-api' ? endpoint.vpceId : undefined;
    const vpces = api.vpcEndpointIds;
    const stagePath = endpoint.kind === 'execute-api' ? endpoint.path : '/';
    report({
      title: alias
        ? `${alias} is not associated with private API ${api.id}`
        : `API ${api.id} is private: it cannot be reached from here`,
      explanation: alias
        ? `The host {api-id}-{vpce-id}.execute-api… exists only for VPC endpoints associated with the API (${vpces.join(', ') || 'none associated'}).`
        : `A PRIVATE API answers only requests that come through an execute-api interface VPC endpoint. From the internet (or a VPC without such an endpoint) its host name does not resolve, so there is no HTTP answer at all. If you are inside the VPC, run again with --from-vpc-endpoint vpce-….`,
      evidence: [
        `endpoint type: PRIVATE`,
        `associated VPC endpoints: ${vpces.join(', ') || 'none in the inputs'}`,
      ],
      fix: {
        summary:
          'Call it from inside the VPC through the execute-api endpoint (private DNS, the {api}-{vpce} alias, or the endpoint DNS name with a Host header)',
        commands: [
          ...vpces.map(
            (v) => `curl -i https://${api.id}-${v}.execute-api.${region}.amazonaws.com${stagePath}`,
          ),
          `curl -i -H 'x-apigw-api-id: ${api.id}' https://{vpce-dns-name}.execute-api.${region}.vpce.amazonaws.com${stagePath}`,
        ],
      },
      verify: [`apigw-doctor diagnose ${sim.request.url} --from-vpc-endpoint ${vpces[0] ?? 'vpce-…'}`],
      basis: 'documented',
    });
  },
});
