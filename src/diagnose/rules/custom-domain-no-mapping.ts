import { awsCli, sh } from '../helpers.js';
import type { ApiModel } from '../../model/types.js';
import { HttpRouter } from '../../simulate/router/http-router.js';
import { RestRouter, splitRequestPath } from '../../simulate/router/rest-router.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'custom-domain-no-mapping',
  title: 'No API mapping on the custom domain matches the path',
  defaultSeverity: 'error',
  checks:
    'A custom domain with no base path mapping, API mapping or routing rule for the request path, and no (none) mapping.',
  sources: [DOCS.mappings, DOCS.customDomainKc, DOCS.routingRules],
  check({ sim, inventory, region, report }) {
    if (sim.outcome !== 'NO_DOMAIN_MAPPING' || !sim.domain) return;
    const domain = sim.domain;
    const first = splitRequestPath(sim.request.path)[0] ?? '';
    const mapped = domain.mappings.map(
      (m) => `${m.basePath ? `/${m.basePath}` : '(none)'} → ${m.apiId}/${m.stage ?? '(default)'}`,
    );
    // The mapping that would serve this request: an API stage with the route, mapped at (none) (the
    // whole path is the route) or at the shortest leading segments whose rest is a route. A base path of
    // several segments (v1/orders), or an HTTP API, needs an apigatewayv2 API mapping.
    const segments = splitRequestPath(sim.request.path);
    const serving = servingMapping(
      inventory.apis,
      sim.request.method,
      segments,
      domain.mappings.some((m) => m.basePath === ''),
    );
    const candidate = serving
      ? undefined
      : inventory.apis.find((a) => a.kind === 'REST' && a.stages.some((s) => s.name === first));
    const apiId = serving?.apiId ?? candidate?.id ?? domain.mappings[0]?.apiId ?? '{rest-api-id}';
    const stage = serving?.stage ?? (candidate ? first : (domain.mappings[0]?.stage ?? '{stage}'));
    const basePath = serving ? serving.basePath : first;
    if (domain.routingMode === 'ROUTING_RULE_ONLY') {
      const rules = [...domain.routingRules].sort((a, b) => a.priority - b.priority);
      const ruleApi = candidate?.id ?? rules[0]?.apiId ?? apiId;
      const ruleStage = candidate ? first : (rules[0]?.stage ?? stage);
      const described = rules.map(
        (r) =>
          `priority ${r.priority}: ${[...r.headers.map((h) => `${h.header}: ${h.valueGlob}`), ...r.basePaths.map((p) => `/${p}`)].join(' and ') || 'any request'} → ${r.apiId}/${r.stage}`,
      );
      report({
        title: `No routing rule of ${domain.domainName} matches this request`,
        explanation:
          `${domain.domainName} routes by rules only (ROUTING_RULE_ONLY): rules are evaluated by priority, the first whose header and base-path conditions all match wins, and API mappings are not consulted. ` +
          (rules.length
            ? `None of its ${rules.length} rule(s) matches: send what a rule expects, or add a rule.`
            : 'It has no rules at all.'),
        evidence: [
          `routing mode: ROUTING_RULE_ONLY`,
          ...described.map((d) => `rule ${d}`),
          `request path: ${sim.request.path}`,
        ],
        fix: {
          summary: rules.length
            ? `Send what a rule expects (${described[0]}), or add a rule for this request`
            : 'Add a routing rule',
          commands: [
            `aws apigatewayv2 create-routing-rule --domain-name ${domain.domainName} --priority ${(rules.at(-1)?.priority ?? 0) + 10} --conditions '[{"MatchBasePaths":{"AnyOf":["${first || 'v1'}"]}}]' --actions '[{"InvokeApi":{"ApiId":"${ruleApi}","Stage":"${ruleStage}","StripBasePath":true}}]' --region ${region}`,
          ],
        },
        verify: [`curl -i '${sim.request.url}'`],
        basis: 'documented',
      });
      return;
    }
    const v2 = serving && (serving.apiKind === 'HTTP' || serving.basePath.includes('/'));
    report({
      title: `Custom domain ${domain.domainName} has no mapping for /${first}`,
      explanation:
        `A custom domain sends a request to the API mapping with the longest matching base path, or to the (none) mapping when nothing matches (documented). ` +
        `${domain.domainName} has ${mapped.length ? `only ${mapped.join(', ')}` : 'no mappings at all'}, so the request reaches no API.`,
      evidence: [
        `routing mode: ${domain.routingMode}`,
        ...mapped.map((m) => `mapping ${m}`),
        `request path: ${sim.request.path}`,
      ],
      fix: {
        summary: serving
          ? `Map ${basePath ? `/${basePath}` : '(none)'} → ${apiId}/${stage}, ${serving.catchAll ? 'whose catch-all route would take this request (check it is the right API)' : 'which serves this request'}`
          : `Map a base path to the API stage (for example /${first || 'v1'} → ${apiId}/${stage})`,
        commands: [
          v2
            ? awsCli(
                'apigatewayv2',
                'create-api-mapping',
                {
                  'domain-name': domain.domainName,
                  'api-id': apiId,
                  stage,
                  'api-mapping-key': basePath || undefined,
                },
                region,
              )
            : awsCli(
                'apigateway',
                'create-base-path-mapping',
                {
                  'domain-name': domain.domainName,
                  'rest-api-id': apiId,
                  stage,
                  'base-path': basePath || undefined,
                },
                region,
              ),
          `# multi-level base paths (a/b) need: aws apigatewayv2 create-api-mapping --domain-name ${sh(domain.domainName)} --api-id ${apiId} --stage ${stage} --api-mapping-key {path} --region ${region}`,
        ],
        console: `API Gateway console → Custom domain names → ${domain.domainName} → API mappings → Configure API mappings`,
      },
      verify: [`curl -i ${sh(sim.request.url)}`],
      basis: 'inferred',
      ...(serving && !serving.catchAll
        ? {
            target: {
              domainMapping: {
                domainName: domain.domainName,
                basePath: serving.basePath,
                apiId: serving.apiId,
                apiKind: serving.apiKind,
                stage: serving.stage,
              },
            },
          }
        : {}),
    });
  },
});

interface Serving {
  /** Only a catch-all (`{proxy+}`, `$default`) takes it: a guess, offered but never applied. */
  catchAll?: boolean;
  apiId: string;
  apiKind: 'REST' | 'HTTP';
  stage: string;
  basePath: string;
}

/**
 * The API stage whose routes take the request once `k` leading segments are the base path: the fewest
 * segments first, and a route that names the path before a catch-all (`{proxy+}`, `$default`).
 */
function servingMapping(
  apis: readonly ApiModel[],
  method: string,
  segments: string[],
  noneTaken: boolean,
): Serving | undefined {
  let catchAll: Serving | undefined;
  for (let k = noneTaken ? 1 : 0; k < Math.max(segments.length, 1); k++) {
    const basePath = segments.slice(0, k).join('/');
    const rest = `/${segments.slice(k).join('/')}`;
    for (const api of apis) {
      if (api.kind === 'REST') {
        for (const s of api.stages) {
          const resources = s.resources ?? api.currentResources;
          const match = resources ? new RestRouter(resources).match(method, rest) : undefined;
          if (!match) continue;
          const found: Serving = { apiId: api.id, apiKind: 'REST', stage: s.name, basePath };
          if (!match.resource.path.includes('+}')) return found;
          catchAll ??= { ...found, catchAll: true };
        }
      } else if (api.stages.length) {
        const match = new HttpRouter(api.routes).match(method, rest);
        if (!match) continue;
        const stage = api.stages.find((s) => s.name === '$default') ?? api.stages[0]!;
        const found: Serving = { apiId: api.id, apiKind: 'HTTP', stage: stage.name, basePath };
        if (match.route.routeKey !== '$default' && !match.route.routeKey.includes('+}')) return found;
        catchAll ??= { ...found, catchAll: true };
      }
    }
  }
  return catchAll;
}
