import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

const DENIAL =
  /User: (\S+) is not authorized to perform: (execute-api:\w+) on resource: (arn:\S+?)(?: with an explicit deny| because|\.?$)/;

export default defineRule({
  id: 'iam-invoke-denied',
  title: 'The signed caller may not invoke this method',
  defaultSeverity: 'error',
  checks:
    'A signed request answered 403 AccessDeniedException: the principal, the action execute-api:Invoke and the method ARN to allow.',
  sources: [DOCS.sigv4Kc, DOCS.resourcePolicies],
  check({ sim, live, report }) {
    if (!live || live.status !== 403) return;
    if (!(live.headers['x-amzn-errortype'] ?? '').startsWith('AccessDeniedException')) return;
    let message = live.body;
    try {
      const parsed = JSON.parse(live.body) as { Message?: string; message?: string };
      message = parsed.Message ?? parsed.message ?? live.body;
    } catch {
      // keep the raw body
    }
    const m = DENIAL.exec(message);
    const signed =
      sim.facts.auth?.header === 'sigv4' ||
      (sim.request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256');
    // An anonymous caller denied is the resource policy's business (resource-policy-denied).
    if (!signed && (!m || m[1] === 'anonymous')) return;
    const principal = m?.[1] ?? (sim.facts.auth?.header === 'sigv4' ? 'the signing principal' : 'anonymous');
    const action = m?.[2] ?? 'execute-api:Invoke';
    const resource = m?.[3] ?? sim.facts.policy?.arn ?? 'the method ARN';
    const explicit = /explicit deny/.test(message);
    report({
      title: `${principal} may not ${action} ${resource}`,
      explanation:
        `API Gateway checked the signature and then the permissions: ${explicit ? 'a Deny statement (resource policy or IAM) matches' : 'no IAM policy of the principal (nor the resource policy) allows it'}. ` +
        'Grant exactly this action on exactly this method ARN to the principal — and if the API has a resource policy, it must allow the principal too.',
      evidence: [`live: 403 AccessDeniedException`, `message: ${message.slice(0, 200)}`],
      fix: {
        summary: `Allow ${action} on ${resource} for ${principal}`,
        commands: [
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: action, Resource: resource }],
          }),
        ],
      },
      verify: [`apigw-doctor diagnose ${sim.request.url} --sign`],
      basis: 'documented',
    });
  },
});
