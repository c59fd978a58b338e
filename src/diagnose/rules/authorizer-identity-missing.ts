import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'authorizer-identity-missing',
  title: "The request lacks the authorizer's identity source",
  defaultSeverity: 'error',
  checks:
    'A Lambda, Cognito or JWT authorizer whose identity source (header or query parameter) the request does not carry.',
  sources: [DOCS.authorizers],
  check({ sim, report }) {
    if (sim.outcome !== 'UNAUTHORIZED') return;
    const auth = sim.facts.auth;
    report({
      title: `401 Unauthorized: ${auth?.problem ?? 'identity source missing'}`,
      explanation: `${sim.route?.httpMethod} ${sim.route?.resourcePath} uses a ${auth?.authorizationType} authorizer. When its identity source is missing API Gateway answers 401 {"message":"Unauthorized"} without calling the authorizer.`,
      evidence: [`authorizationType: ${auth?.authorizationType}`, auth?.problem ?? ''],
      fix: {
        summary: 'Send the token or parameters the authorizer reads (usually Authorization: <token>)',
        commands: [],
      },
      verify: ['curl -i -H "Authorization: $TOKEN" URL'],
      basis: 'documented',
    });
  },
});
