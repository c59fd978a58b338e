import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'iam-bad-authorization-header',
  title: 'An Authorization header that is not SigV4',
  defaultSeverity: 'error',
  checks:
    'A request with a non-SigV4 Authorization header (Bearer, Basic, a bare token) reaching an AWS_IAM method or a route that does not exist.',
  sources: [DOCS.forbiddenKc, DOCS.sigv4Kc],
  check({ sim, report }) {
    if (sim.outcome !== 'INCOMPLETE_SIGNATURE') return;
    const scheme = sim.facts.auth?.scheme ?? sim.request.headers.authorization?.split(' ')[0] ?? 'a token';
    const routeMissing = sim.facts.routeMiss !== undefined;
    const malformedSigV4 = sim.facts.auth?.header === 'sigv4';
    report({
      title: malformedSigV4
        ? 'The SigV4 Authorization header is incomplete'
        : routeMissing
          ? `Authorization: ${scheme} sent to a route that does not exist`
          : `Authorization: ${scheme} sent to an AWS_IAM method`,
      explanation: malformedSigV4
        ? `The header starts like SigV4 but ${sim.facts.auth?.problem ?? 'is incomplete'}; API Gateway answers 403 IncompleteSignatureException.`
        : routeMissing
          ? `No deployed route matches this request. Without an Authorization header API Gateway would answer Missing Authentication Token; with one that is not SigV4 it tries to read it as a signature and answers 403 IncompleteSignatureException ("Invalid key=value pair (missing equal-sign) in Authorization header…"). The token is fine — the route is the problem; see the route findings.`
          : `The method's authorization is AWS_IAM, which reads the Authorization header as a SigV4 signature. A ${scheme} token is not one, so API Gateway answers 403 IncompleteSignatureException. Either sign the request with SigV4, or — if the token is a JWT or Cognito token — the method should use a Cognito or Lambda authorizer instead of AWS_IAM.`,
      evidence: [
        `Authorization header scheme: ${scheme}`,
        routeMissing
          ? 'no deployed route matches'
          : `authorizationType: ${sim.facts.auth?.authorizationType ?? '?'}`,
      ],
      fix: routeMissing
        ? {
            summary:
              'Fix the route (see the other findings); the Authorization header only changes the error text',
            commands: [],
          }
        : {
            summary:
              'Sign with SigV4 for service execute-api, or switch the method to an authorizer that accepts this token',
            commands: [],
          },
      verify: ['apigw-doctor diagnose URL --sign --probe'],
      basis: 'community',
    });
  },
});
