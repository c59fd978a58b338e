import type { LintFinding, LintRule } from '../types.js';
import { DOCS, report } from './helpers.js';

export const privateEndpointWithoutResourcePolicy: LintRule = {
  id: 'private-endpoint-without-resource-policy',
  title: 'Private REST API without a resource policy',
  severity: 'error',
  why: 'A private REST API (endpoint type PRIVATE) cannot be deployed without a resource policy, and until one grants execute-api:Invoke from your VPC endpoints every call is denied (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html). Note that in the Serverless Framework `private: true` on an http event means the method requires an API key, not a private endpoint, and is not flagged (https://www.serverless.com/framework/docs/providers/aws/events/apigateway#setting-api-keys-for-your-rest-api).',
  docs: [DOCS.privatePolicy, DOCS.slsApiKeys],
  check(model) {
    const findings: LintFinding[] = [];
    for (const api of model.apis) {
      if (api.kind !== 'rest' || api.endpointTypes === 'unknown' || !api.endpointTypes.includes('PRIVATE'))
        continue;
      if (api.hasPolicy !== false) continue;
      const statement = (resource: string, vpce: string) =>
        `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"${resource}","Condition":{"StringNotEquals":{"aws:SourceVpce":"${vpce}"}}},{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"${resource}"}]}`;
      const fix =
        api.framework === 'terraform'
          ? {
              summary: `Attach a resource policy to ${api.key} that allows your VPC endpoint.`,
              code: [
                `resource "aws_api_gateway_rest_api_policy" "${api.key.split('.')[1]}" {`,
                `  rest_api_id = ${api.key}.id`,
                `  policy = jsonencode({`,
                `    Version = "2012-10-17"`,
                `    Statement = [`,
                `      {`,
                `        Effect    = "Deny", Principal = "*", Action = "execute-api:Invoke"`,
                `        Resource  = "\${${api.key}.execution_arn}/*"`,
                `        Condition = { StringNotEquals = { "aws:SourceVpce" = "<vpce-id>" } }`,
                `      },`,
                `      {`,
                `        Effect   = "Allow", Principal = "*", Action = "execute-api:Invoke"`,
                `        Resource = "\${${api.key}.execution_arn}/*"`,
                `      },`,
                `    ]`,
                `  })`,
                `}`,
              ].join('\n'),
            }
          : api.framework === 'serverless'
            ? {
                summary: 'Add a resource policy for the private API.',
                code: `provider:\n  apiGateway:\n    resourcePolicy:\n      - Effect: Deny\n        Principal: '*'\n        Action: execute-api:Invoke\n        Resource: execute-api:/*\n        Condition:\n          StringNotEquals:\n            aws:SourceVpce: <vpce-id>\n      - Effect: Allow\n        Principal: '*'\n        Action: execute-api:Invoke\n        Resource: execute-api:/*`,
              }
            : api.deployedBy === 'sam'
              ? {
                  summary: `Give ${api.key} a resource policy (SAM Auth.ResourcePolicy).`,
                  code: `      Auth:\n        ResourcePolicy:\n          SourceVpcWhitelist:\n            - <vpce-id>`,
                }
              : {
                  summary: `Add a Policy to ${api.key} that allows your VPC endpoint.`,
                  code:
                    api.syntax === 'json'
                      ? `"Policy": ${statement('execute-api:/*', '<vpce-id>')}`
                      : `      Policy:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Deny\n            Principal: '*'\n            Action: execute-api:Invoke\n            Resource: execute-api:/*\n            Condition:\n              StringNotEquals:\n                aws:SourceVpce: <vpce-id>\n          - Effect: Allow\n            Principal: '*'\n            Action: execute-api:Invoke\n            Resource: execute-api:/*`,
                };
      findings.push(
        report(
          this,
          { file: api.file, line: api.endpointLine },
          `${api.key} is PRIVATE but has no resource policy: it cannot be deployed, and no VPC endpoint is allowed to invoke it.`,
          fix,
        ),
      );
    }
    return findings;
  },
};
