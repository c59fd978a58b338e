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
    const title = sim.route
      ? `${sim.route.routeKey ?? `${sim.route.httpMethod} ${sim.route.resourcePath}`} on stage ${sim.stage?.name ?? '?'} serves this request`
      : liveOk
        ? `The URL answered ${live!.status}`
        : `The request reaches ${sim.api ? `API ${sim.api.id}` : 'the API'}${sim.stage ? ` stage ${sim.stage.name}` : ''}`;
    const explanation = sim.route
      ? "API Gateway routes the request to the integration; from here the answer is the backend's."
      : liveOk
        ? `The live request succeeded (${live!.status}). Nothing else was checked: give --openapi or --snapshot to see the route, its authorization and what the stage serves.`
        : 'API Gateway passes the request on; which route handles it is decided per message (WebSocket) or could not be named from the inputs.';
    report({
      title,
      explanation,
      evidence: sim.trace.filter((t) => t.result === 'pass').map((t) => `${t.step}: ${t.detail}`),
      fix: null,
      verify: [],
    });
  },
});
