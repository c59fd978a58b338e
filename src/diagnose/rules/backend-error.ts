import { describeLiveOrigin } from '../live-origin.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'backend-error',
  title: 'The answer came from the integration, not from API Gateway',
  defaultSeverity: 'error',
  checks:
    "A live error answer without API Gateway's x-amzn-ErrorType header, for a request that reaches the integration (or whose configuration is unknown).",
  sources: [DOCS.matKc],
  check({ sim, live, report }) {
    if (!live || live.status === null || live.status < 400) return;
    if (sim.response && sim.outcome !== 'INTEGRATION') return;
    if (live.headers['x-amzn-errortype'] !== undefined) return;
    // HTTP APIs answer their own errors without x-amzn-ErrorType; only a REST answer is sure here.
    const restAnswer = live.headers['x-amz-apigw-id'] !== undefined || sim.api?.kind === 'REST';
    if (!restAnswer) return;
    const saysMat = /Missing Authentication Token/i.test(live.body);
    report({
      title: saysMat
        ? 'The backend itself returned "Missing Authentication Token"'
        : `The backend answered ${live.status}`,
      explanation:
        (sim.route
          ? `API Gateway routed the request to ${sim.route.httpMethod} ${sim.route.resourcePath} and passed it to the integration. `
          : '') +
        `API Gateway's own error answers carry an x-amzn-ErrorType header; this ${live.status} has none, so it is the backend's answer` +
        (saysMat
          ? ' — for example a Lambda proxy function, or an HTTP/AWS service integration (another API Gateway API, or an AWS service called unsigned) that itself answers Missing Authentication Token.'
          : '.') +
        " Look at the integration's own logs (the Lambda function's CloudWatch log group, or the backend's access log).",
      evidence: [
        `live status ${live.status}`,
        'no x-amzn-ErrorType header',
        describeLiveOrigin(live),
        `body: ${live.body.slice(0, 160)}`,
      ],
      fix: {
        summary: 'Debug the backend: its logs show why it refused the request',
        commands: sim.route?.method?.integration?.uri?.includes(':lambda:path/')
          ? [
              `aws logs tail /aws/lambda/${/function:([^/:]+)/.exec(sim.route.method.integration.uri)?.[1] ?? '{function}'} --since 15m`,
            ]
          : [],
      },
      verify: ['apigw-doctor diagnose URL --probe'],
      basis: 'inferred',
    });
  },
});
