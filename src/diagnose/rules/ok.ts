import { defineRule } from '../rule.js';

export default defineRule({
  id: 'ok',
  title: 'The request reaches the integration',
  defaultSeverity: 'info',
  checks:
    'No error finding, and the request passes every API Gateway step (or the live answer is a success).',
  sources: [],
  check({ sim, live, report }) {
    const liveOk = live !== null && live.status !== null && live.status < 400;
    if (sim.outcome !== 'INTEGRATION' && !liveOk) return;
    if (live && live.status !== null && live.status >= 400) return;
    report({
      title: sim.route
        ? `${sim.route.routeKey ?? `${sim.route.httpMethod} ${sim.route.resourcePath}`} on stage ${sim.stage?.name ?? '?'} serves this request`
        : `The live answer is ${live?.status}`,
      explanation: sim.route
        ? "API Gateway routes the request to the integration; from here the answer is the backend's."
        : 'The URL answered with success.',
      evidence: sim.trace.filter((t) => t.result === 'pass').map((t) => `${t.step}: ${t.detail}`),
      fix: null,
      verify: [],
    });
  },
});
