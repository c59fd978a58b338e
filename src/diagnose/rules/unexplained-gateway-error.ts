import { describeLiveOrigin } from '../live-origin.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

const MEANINGS: [RegExp, string][] = [
  [
    /^ForbiddenException/,
    'Forbidden: a stage that does not exist in the URL, a missing or invalid API key, the default endpoint disabled, a WAF rule, or a public API called through a VPC endpoint.',
  ],
  [
    /^IncompleteSignatureException/,
    'An Authorization header that is not SigV4, sent to an AWS_IAM method or to a route that does not exist.',
  ],
  [
    /^InvalidSignatureException/,
    'A SigV4 signature that does not verify: wrong secret key, wrong region or service in the scope, clock skew, or a changed request.',
  ],
  [
    /^AccessDeniedException/,
    "Denied by the resource policy, by a Lambda authorizer policy, or by the caller's IAM policy for execute-api:Invoke.",
  ],
  [
    /^UnauthorizedException/,
    'An authorizer (Lambda, Cognito or JWT) did not get or did not accept its token.',
  ],
  [
    /^(TooManyRequestsException|LimitExceededException)/,
    "Throttled: stage, method or usage-plan limits, or the account's limit.",
  ],
  [
    /^InternalServerErrorException/,
    'An integration or configuration error on the API Gateway side (for example a Lambda proxy returning a malformed response).',
  ],
];

export default defineRule({
  id: 'unexplained-gateway-error',
  title: 'An API Gateway error answer, configuration not known',
  defaultSeverity: 'error',
  checks:
    'A live API Gateway error (other than Missing Authentication Token) when the configuration is not in the inputs: what its x-amzn-ErrorType means.',
  sources: [DOCS.forbiddenKc, DOCS.gatewayResponses],
  check({ sim, live, report }) {
    if (!live || sim.response || live.status === null || live.status < 400) return;
    const errorType = live.headers['x-amzn-errortype'];
    if (!errorType || errorType.startsWith('MissingAuthenticationTokenException')) return;
    const meaning =
      MEANINGS.find(([re]) => re.test(errorType))?.[1] ?? 'See the API Gateway gateway response types.';
    report({
      title: `API Gateway answered ${live.status} ${errorType.split(':')[0]}`,
      explanation: `${meaning} Give the tool the API's configuration (--snapshot or --openapi) to name the exact cause.`,
      evidence: [
        `live: ${live.status} ${live.body.slice(0, 120)}`,
        `x-amzn-ErrorType: ${errorType}`,
        describeLiveOrigin(live),
      ],
      fix: null,
      verify: [],
      basis: 'documented',
    });
  },
});
