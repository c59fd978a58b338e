import { awsCli } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'resource-policy-denied',
  title: "The API's resource policy denies the call",
  defaultSeverity: 'error',
  checks:
    'The resource policy (or its absence on a private API) denies execute-api:Invoke for this caller, VPC endpoint and method ARN.',
  sources: [DOCS.resourcePolicies, DOCS.forbiddenKc],
  check({ sim, region, report }) {
    if (sim.outcome !== 'ACCESS_DENIED' || !sim.facts.policy) return;
    const api = sim.api!;
    const { decision, arn } = sim.facts.policy;
    const vpce = sim.request.fromVpcEndpoint;
    const isPrivate = api.kind === 'REST' && api.endpointTypes.includes('PRIVATE');
    const hasPolicy = api.kind === 'REST' && api.policy !== undefined;
    report({
      title:
        decision === 'explicit-deny'
          ? 'The resource policy explicitly denies this call'
          : 'No statement of the resource policy allows this call',
      explanation:
        (hasPolicy
          ? `Evaluated the resource policy for execute-api:Invoke on ${arn}${vpce ? ` from ${vpce}` : ''}: ${decision === 'explicit-deny' ? 'a Deny statement matches' : 'no Allow statement matches'}. `
          : 'A private API needs a resource policy that allows its VPC endpoints; this one has none. ') +
        'API Gateway answers 403 AccessDeniedException ("User: anonymous is not authorized to perform: execute-api:Invoke…").' +
        (isPrivate ? ' Policy changes take effect only after the API is deployed again.' : ''),
      evidence: [
        `method ARN: ${arn}`,
        `decision: ${decision}`,
        ...(vpce ? [`source VPC endpoint: ${vpce}`] : []),
      ],
      fix: {
        summary: isPrivate
          ? `Allow execute-api:Invoke on arn:aws:execute-api:${region}:${api.accountId ?? '{account}'}:${api.id}/* from ${vpce ?? 'your VPC endpoint'} (aws:SourceVpce), then deploy`
          : 'Change the resource policy so that it allows this caller, then deploy',
        commands: [
          awsCli(
            'apigateway',
            'get-rest-api',
            { 'rest-api-id': api.id, query: 'policy', output: 'text' },
            region,
          ),
          awsCli(
            'apigateway',
            'update-rest-api',
            { 'rest-api-id': api.id, 'patch-operations': 'op=replace,path=/policy,value=file://policy.json' },
            region,
          ),
          awsCli(
            'apigateway',
            'create-deployment',
            { 'rest-api-id': api.id, 'stage-name': sim.stage?.name ?? '{stage}' },
            region,
          ),
        ],
      },
      verify: ['apigw-doctor diagnose URL --probe' + (vpce ? ` --from-vpc-endpoint ${vpce}` : '')],
      basis: hasPolicy ? 'documented' : 'inferred',
    });
  },
});
