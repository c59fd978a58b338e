import { defineRule } from '../rule.js';

export default defineRule({
  id: 'prediction-mismatch',
  title: 'The live answer differs from what the configuration predicts',
  defaultSeverity: 'warning',
  checks: 'With --probe, an API Gateway answer whose status or x-amzn-ErrorType differs from the prediction.',
  sources: [],
  check({ sim, live, region, report }) {
    if (!live) return;
    if (!sim.response) {
      if (sim.outcome !== 'NO_SUCH_HOST' || live.status === null) return;
      const privateApi = sim.api?.kind === 'REST' && sim.api.endpointTypes.includes('PRIVATE');
      report({
        title: `Predicted no answer (the host does not resolve from outside), but the probe got ${live.status}`,
        explanation: privateApi
          ? `The probe reached private API ${sim.api!.id}, so this machine is inside a VPC that reaches it through an execute-api endpoint. Run again with --from-vpc-endpoint <vpce-id> so the prediction takes the same path as the probe.`
          : 'The inputs say this host does not exist, yet it answered: the inputs are out of date or describe another account or region.',
        evidence: [`live: ${live.status} ${live.body.slice(0, 80)}`],
        fix: null,
        verify:
          privateApi && sim.api?.kind === 'REST'
            ? [
                `apigw-doctor diagnose ${sim.request.url} --from-vpc-endpoint ${sim.api.vpcEndpointIds[0] ?? 'vpce-…'} --probe`,
              ]
            : [],
        basis: 'inferred',
      });
      return;
    }
    // A request predicted to reach the integration may get any answer from the backend, but not
    // one of API Gateway's own refusals.
    const gatewayRefused = live.headers['x-amzn-errortype'] !== undefined;
    if (sim.response.source === 'integration' && live.status !== null && !gatewayRefused) return;
    if (live.status === null) {
      report({
        title: `Predicted ${sim.response.status}, but the probe got no answer (${live.error?.code ?? 'error'})`,
        explanation: `The request could not be sent: ${live.error?.message ?? 'unknown error'}. The configuration predicts an answer, so the network path (DNS, proxy, VPC) differs from what the inputs describe.`,
        evidence: [`predicted: ${sim.response.status}`, `probe: ${live.error?.code}`],
        fix: null,
        verify: [],
        basis: 'inferred',
      });
      return;
    }
    const predictedType = (sim.response.headers['x-amzn-ErrorType'] ?? '').split(':')[0];
    const liveType = (live.headers['x-amzn-errortype'] ?? '').split(':')[0];
    if (
      predictedType === liveType &&
      sim.response.status === live.status &&
      sim.response.source !== 'integration'
    )
      return;
    report({
      title:
        sim.response.source === 'integration'
          ? `Predicted to reach the integration, but API Gateway answered ${live.status} ${liveType}`
          : `Predicted ${sim.response.status}${predictedType ? ` ${predictedType}` : ''}, live answer ${live.status}${liveType ? ` ${liveType}` : ''}`,
      explanation:
        'The configuration in the inputs does not explain the live answer. Common reasons: the snapshot or export is older than the API (it was changed or deployed since), the URL reaches another API or account than the inputs describe, or the request passed through a proxy or CloudFront distribution that changed it.',
      evidence: [
        `predicted: ${sim.response.status} ${sim.response.body.slice(0, 100)}`,
        `live: ${live.status} ${live.body.slice(0, 100)}`,
      ],
      fix: {
        summary: 'Take a fresh snapshot and diagnose again',
        commands: [
          `apigw-doctor snapshot --api ${sim.api?.id ?? '{api-id}'} --region ${region} --out snapshot.json`,
        ],
      },
      verify: [],
      basis: 'inferred',
    });
  },
});
