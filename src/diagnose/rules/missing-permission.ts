import { defineRule } from '../rule.js';

export default defineRule({
  id: 'missing-permission',
  title: 'A read-only call was denied: part of the configuration could not be checked',
  defaultSeverity: 'warning',
  checks:
    'Live collection calls that AWS refused with AccessDenied: the exact action and resource ARN to allow, and what was not checked.',
  sources: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/permissions.html'],
  check({ inventory, report }) {
    const denied = inventory.accessDenied ?? [];
    if (denied.length === 0) return;
    const resources = [...new Set(denied.map((d) => d.resource))];
    report({
      title: `${denied.length} read-only call${denied.length === 1 ? ' was' : 's were'} denied: ${[...new Set(denied.map((d) => d.operation))].join(', ')}`,
      explanation:
        'The credentials in use may not call apigateway:GET on these resources, so the diagnosis went on without what they return (see "Not checked"). Allow the action on exactly these ARNs (`apigw-doctor iam-policy` prints the whole read-only policy).',
      evidence: denied.map((d) => `${d.operation}: ${d.code} on ${d.resource}`),
      fix: {
        summary: 'Allow apigateway:GET on these resources',
        commands: [
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['apigateway:GET'], Resource: resources }],
          }),
        ],
      },
      verify: ['apigw-doctor diagnose URL'],
      basis: 'documented',
    });
  },
});
