import { awsCli, curlFor, resourceId, restApi, restStage, sh } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'method-not-found',
  title: 'The resource exists but not with this method',
  defaultSeverity: 'error',
  checks:
    'A deployed resource matches the path but has neither the request method nor ANY (a browser GET to a POST-only route, a missing OPTIONS...).',
  sources: [DOCS.matKc],
  check({ sim, region, report }) {
    const miss = sim.facts.routeMiss;
    if (!miss || miss.inCurrentConfig || miss.inIntendedConfig || miss.path.replace(/\/+/g, '') === '')
      return;
    const withMethods = miss.samePath.filter((r) => r.methods.length > 0);
    if (withMethods.length === 0) return;
    const isPreflight =
      sim.request.method === 'OPTIONS' && sim.request.headers['access-control-request-method'] !== undefined;
    if (isPreflight) return; // cors-preflight-no-options explains this case
    const target = withMethods[0]!;
    const api = restApi(sim);
    const stage = restStage(sim);
    const other = target.methods.filter((m) => m !== 'ANY');
    const isHttpApi = sim.api?.kind === 'HTTP';
    const commands: string[] = [];
    if (api && stage) {
      const id = resourceId(api, target.path) ?? '{resource-id}';
      commands.push(
        `# if ${sim.request.method} should exist on ${target.path}:`,
        awsCli(
          'apigateway',
          'put-method',
          {
            'rest-api-id': api.id,
            'resource-id': id,
            'http-method': sim.request.method,
            'authorization-type': 'NONE',
          },
          region,
        ),
        `# ...then put-integration for it, and deploy:`,
        awsCli(
          'apigateway',
          'create-deployment',
          { 'rest-api-id': api.id, 'stage-name': stage.name },
          region,
        ),
      );
    }
    report({
      title: `${target.path} answers ${target.methods.join(', ')}, not ${sim.request.method}`,
      explanation:
        `API Gateway matches the resource and the method together. ${target.path} is deployed, but has no ${sim.request.method} method (and no ANY), ` +
        (isHttpApi
          ? 'so the HTTP API answers 404 Not Found.'
          : `so API Gateway answers 403 Missing Authentication Token — the same answer as for a path that does not exist.`) +
        (sim.request.method === 'GET' && other.length
          ? ' A browser address bar always sends GET; use curl or a client that sends ' + other[0] + '.'
          : ''),
      evidence: withMethods.map((r) => `deployed: ${r.path} → ${r.methods.join(', ')}`),
      fix: {
        summary: other.length
          ? `Call it with ${other.join(' or ')}, or add ${sim.request.method} to the resource`
          : `Add ${sim.request.method} to ${target.path}`,
        commands: other.length
          ? [curlFor({ ...sim, request: { ...sim.request, method: other[0]! } }), ...commands]
          : commands,
      },
      verify: [other.length ? `curl -i -X ${other[0]} ${sh(sim.request.url)}` : curlFor(sim)],
      basis: isHttpApi ? 'documented' : 'recorded',
    });
  },
});
