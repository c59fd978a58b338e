import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'iam-signature-scope',
  title: 'The SigV4 signature is scoped to the wrong service, region or time',
  defaultSeverity: 'error',
  checks:
    "The credential scope of a SigV4 header must name service execute-api and the API's region, and be signed within 15 minutes.",
  sources: [DOCS.sigv4Kc],
  check({ sim, region, report }) {
    if (sim.outcome !== 'INVALID_SIGNATURE' && sim.outcome !== 'EXPIRED_TOKEN') return;
    const scope = sim.facts.auth?.scope;
    report({
      title: `SigV4 ${sim.facts.auth?.problem ?? 'signature rejected'}`,
      explanation:
        `${sim.facts.auth?.problem ?? 'The signature does not fit this API'}. API Gateway checks the credential scope before the signature: ` +
        `it must be {date}/${region}/execute-api/aws4_request. Signing for another service (such as "apigateway", the management API) or another region fails with 403 InvalidSignatureException.`,
      evidence: scope
        ? [`credential scope: ${scope.date}/${scope.region}/${scope.service}`, `API region: ${region}`]
        : [],
      fix: {
        summary: `Sign for service "execute-api" in ${region}, with a fresh X-Amz-Date`,
        commands: [
          `curl -i --aws-sigv4 "aws:amz:${region}:execute-api" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" '${sim.request.url}'`,
        ],
      },
      verify: ['apigw-doctor diagnose URL --sign --probe'],
      basis: 'community',
    });
  },
});
