import { awsCli, sh } from '../../diagnose/helpers.js';
import { DOCS } from '../../diagnose/sources.js';
import { defineCheck } from './check.js';

export default defineCheck({
  id: 'private-endpoint-without-resource-policy',
  severity: 'error',
  title: 'A private API has no resource policy',
  checks:
    'A REST API with a PRIVATE endpoint and no resource policy: a private API cannot be invoked until a policy allows execute-api:Invoke (from a VPC endpoint or VPC).',
  sources: [DOCS.privateInvoke, DOCS.resourcePolicies],
  run({ inventory, account, region, report }) {
    for (const api of inventory.apis) {
      if (api.kind !== 'REST' || !api.endpointTypes.includes('PRIVATE') || api.policy) continue;
      const vpce = api.vpcEndpointIds;
      const policy = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 'execute-api:Invoke',
            Resource: `arn:aws:execute-api:${region}:${account}:${api.id}/*`,
            ...(vpce.length > 0
              ? { Condition: { StringEquals: { 'aws:SourceVpce': vpce.length === 1 ? vpce[0] : vpce } } }
              : {}),
          },
        ],
      };
      report({
        resource: api.id,
        api,
        title: `Private API ${api.name ?? api.id} has no resource policy, so nobody can call it`,
        explanation:
          'A private REST API is reachable only through an interface VPC endpoint, and only when its resource policy allows execute-api:Invoke. Without a policy every call is refused (403 Forbidden) and the API must be redeployed after the policy is attached.',
        evidence: [
          'endpointConfiguration.types: PRIVATE',
          `vpcEndpointIds: ${vpce.join(', ') || 'none'}`,
          'policy: none',
        ],
        fix: {
          summary:
            vpce.length > 0
              ? `Allow execute-api:Invoke from ${vpce.join(', ')}, then deploy`
              : 'Allow execute-api:Invoke from your VPC endpoint (replace vpce-… with its id), then deploy',
          commands: [
            `aws apigateway update-rest-api --rest-api-id ${api.id} --patch-operations ${sh(
              `op=replace,path=/policy,value=${JSON.stringify(
                vpce.length > 0
                  ? policy
                  : {
                      ...policy,
                      Statement: [
                        {
                          ...policy.Statement[0],
                          Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } },
                        },
                      ],
                    },
              )}`,
            )} --region ${region}`,
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
