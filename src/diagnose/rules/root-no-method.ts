import { splitRequestPath } from '../../simulate/router/rest-router.js';
import { curlFor, restApi, restStage, rootMethodCommands } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'root-no-method',
  title: 'The root resource has no method',
  defaultSeverity: 'error',
  checks:
    'A request to the stage root (/{stage}/) when the root resource has no method for it; /{proxy+} never matches the root.',
  sources: [DOCS.matKc, DOCS.methodRequest],
  check({ sim, region, report }) {
    const miss = sim.facts.routeMiss;
    const api = restApi(sim);
    const stage = restStage(sim);
    if (!miss || !api || !stage || miss.inCurrentConfig || splitRequestPath(miss.path).length !== 0) return;
    const proxy = stage.resources?.find((r) => r.path === '/{proxy+}');
    const proxyMethod = proxy ? (proxy.methods[sim.request.method] ?? proxy.methods.ANY) : undefined;
    const commands = rootMethodCommands(
      api,
      stage.name,
      proxyMethod,
      region,
      `the root resource, like the one of ${proxy ? '/{proxy+}' : 'your other methods'}`,
    );
    report({
      title: `The root of stage ${stage.name} has no ${sim.request.method} method`,
      explanation:
        `The request is for the stage root (/${stage.name}/). ` +
        (proxy
          ? 'A greedy /{proxy+} resource matches everything below the root but never the root itself, so the root needs a method of its own (documented). '
          : 'The root resource has no method, so only child resources answer. ') +
        `Without one, API Gateway answers ${sim.response?.status ?? 403} Missing Authentication Token${sim.facts.gatewayResponse?.customised ? ' (customised by the API)' : ''}.`,
      evidence: [
        `methods on / in the deployment: ${Object.keys(stage.resources?.find((r) => r.path === '/')?.methods ?? {}).join(', ') || 'none'}`,
        ...(proxy ? [`/{proxy+} has ${Object.keys(proxy.methods).join(', ')}`] : []),
      ],
      fix: {
        summary: proxy
          ? 'Give the root resource an ANY method with the same integration as /{proxy+}, then deploy'
          : 'Add a method to the root resource, or call a child resource',
        commands,
        console: `API Gateway console → APIs → ${api.name ?? api.id} → Resources → / → Create method`,
      },
      verify: [curlFor(sim)],
      basis: 'documented',
    });
  },
});
