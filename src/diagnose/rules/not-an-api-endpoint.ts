import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'not-an-api-endpoint',
  title: 'The URL is an AWS service endpoint, not an API invoke URL',
  defaultSeverity: 'error',
  checks:
    'Hosts such as apigateway.{region}.amazonaws.com (the management API), Lambda function URLs, or other AWS service endpoints.',
  sources: [DOCS.howToCall, DOCS.endpoints],
  check({ sim, inventory, report }) {
    if (sim.endpoint.kind !== 'aws-service') return;
    const endpoint = sim.endpoint;
    const apis = inventory.apis.filter(
      (a) => !a.placeholder && (!endpoint.region || a.region === endpoint.region),
    );
    const examples = apis
      .slice(0, 3)
      .map(
        (a) =>
          `https://${a.id}.execute-api.${a.region ?? endpoint.region ?? '{region}'}.amazonaws.com/${a.stages[0]?.name && a.stages[0].name !== '$default' ? `${a.stages[0].name}/` : ''}`,
      );
    const management = endpoint.service === 'apigateway-management';
    report({
      title: `${sim.request.host} is ${endpoint.description}`,
      explanation: management
        ? 'apigateway.{region}.amazonaws.com is where API Gateway is configured (CreateRestApi, GetResources…), and it requires signed AWS requests: unsigned, it too answers 403 Missing Authentication Token. An API is called at https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/… or at its custom domain.'
        : endpoint.service === 'lambda-function-url'
          ? 'Function URLs are served by Lambda, not API Gateway: their errors, auth (AWS_IAM or NONE) and CORS are configured on the function URL.'
          : `An API's invoke URL has the form https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/…; this host is ${endpoint.description}.`,
      evidence: [`host: ${sim.request.host}`],
      fix: {
        summary: examples.length
          ? `Use the API's invoke URL, for example ${examples[0]}`
          : "Use the invoke URL shown on the API's stage page",
        commands: [
          `aws apigateway get-rest-apis --query 'items[].[id,name]' --region ${endpoint.region ?? '{region}'}`,
        ],
        ...(examples[0] ? { correctedUrl: examples[0] } : {}),
      },
      verify: ['apigw-doctor diagnose https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/{path}'],
      basis: management ? 'community' : 'documented',
    });
  },
});
