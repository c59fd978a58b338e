import { curlFor, restStage } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'resource-not-found',
  title: 'No deployed resource matches the path',
  defaultSeverity: 'error',
  checks: 'A path that matches no deployed resource of the stage, nor the current or intended configuration.',
  sources: [DOCS.matKc, DOCS.httpRoutes],
  check({ sim, report }) {
    const miss = sim.facts.routeMiss;
    if (!miss || miss.inCurrentConfig || miss.inIntendedConfig) return;
    if (miss.samePath.some((r) => r.methods.length > 0)) return; // method-not-found
    const isRoot = miss.path.replace(/\/+/g, '') === '';
    if (isRoot && sim.api?.kind === 'REST') return; // root-no-method
    const isHttpApi = sim.api?.kind === 'HTTP';
    const stage = restStage(sim);
    report({
      title: `No ${isHttpApi ? 'route' : 'resource'} ${miss.path} on stage ${sim.stage?.name ?? '?'}`,
      explanation: isHttpApi
        ? `No route of the HTTP API matches ${sim.request.method} ${miss.path} and it has no $default route, so it answers 404 {"message":"Not Found"}.`
        : `No deployed resource of stage ${stage?.name ?? ''} matches ${miss.path}${miss.deepestPrefix !== '/' ? ` (the path stops matching after ${miss.deepestPrefix})` : ''}, and it is not in the current configuration either, so API Gateway answers 403 Missing Authentication Token. The route table below shows what the stage does serve.`,
      evidence: [
        `path inside the API: ${miss.path}`,
        ...(isHttpApi ? [] : [`longest deployed prefix: ${miss.deepestPrefix}`]),
      ],
      fix: {
        summary:
          'Call a route the stage serves (see "did you mean" and the route table), or create the resource and deploy it',
        commands: [],
      },
      verify: [curlFor(sim)],
      basis: isHttpApi ? 'documented' : 'recorded',
    });
  },
});
