import { sh } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'iam-unsigned',
  title: 'AWS_IAM method called without a SigV4 signature',
  defaultSeverity: 'error',
  checks:
    'The matched method or route requires AWS_IAM and the request carries no Authorization header nor signed query.',
  sources: [DOCS.matKc, DOCS.sigv4Kc],
  check({ sim, region, report }) {
    if (sim.facts.auth?.authorizationType !== 'AWS_IAM' || sim.facts.auth.problem !== 'unsigned') return;
    const url = sh(sim.request.url);
    const method = sim.request.method === 'GET' ? '' : ` -X ${sim.request.method}`;
    const isHttpApi = sim.api?.kind === 'HTTP';
    report({
      title: `${sim.route?.httpMethod} ${sim.route?.resourcePath} requires AWS_IAM: the request is not signed`,
      explanation:
        `The route exists and is deployed, but its authorization is AWS_IAM: every call must be signed with Signature Version 4 for service "execute-api" in ${region}. ` +
        (isHttpApi
          ? 'An HTTP API answers an unsigned call with 403 Forbidden.'
          : 'An unsigned call gets 403 Missing Authentication Token — the same answer as a route that does not exist, which is why this cause is easy to miss.') +
        ' The caller also needs an IAM policy that allows execute-api:Invoke on the method ARN.',
      evidence: [
        `authorizationType of ${sim.route?.httpMethod} ${sim.route?.resourcePath}: AWS_IAM`,
        'request: no Authorization header, no X-Amz-Signature query',
      ],
      fix: {
        summary: "Sign the request (or change the method's authorization if it should be public)",
        commands: [
          `curl -i${method} --aws-sigv4 "aws:amz:${region}:execute-api" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H "x-amz-security-token: $AWS_SESSION_TOKEN" ${url}`,
          `awscurl --service execute-api --region ${region}${method} ${url}`,
          `# JavaScript: @smithy/signature-v4 SignatureV4({ service: 'execute-api', region: '${region}', credentials, sha256: Sha256 }).sign(request)`,
          `# Python: botocore.auth.SigV4Auth(credentials, 'execute-api', '${region}').add_auth(AWSRequest(...))`,
        ],
      },
      verify: [`apigw-doctor diagnose ${url} --sign --probe`],
      basis: isHttpApi ? 'inferred' : 'documented',
    });
  },
});
