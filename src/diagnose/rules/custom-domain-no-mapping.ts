import { awsCli, sh } from '../helpers.js';
import { splitRequestPath } from '../../simulate/router/rest-router.js';
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
    // Which API probably should be mapped: one that has a stage or a route named like the first segment.
    const candidate = inventory.apis.find((a) => a.kind === 'REST' && a.stages.some((s) => s.name === first));
    const apiId = candidate?.id ?? domain.mappings[0]?.apiId ?? '{rest-api-id}';
    const stage = candidate ? first : (domain.mappings[0]?.stage ?? '{stage}');
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
        summary: `Map a base path to the API stage (for example /${first || 'v1'} → ${apiId}/${stage})`,
        commands: [
          awsCli(
            'apigateway',
            'create-base-path-mapping',
            {
              'domain-name': domain.domainName,
              'rest-api-id': apiId,
              stage,
              'base-path': first || undefined,
            },
            region,
          ),
          `# multi-level base paths (a/b) need: aws apigatewayv2 create-api-mapping --domain-name ${sh(domain.domainName)} --api-id ${apiId} --stage ${stage} --api-mapping-key {path} --region ${region}`,
        ],
        console: `API Gateway console → Custom domain names → ${domain.domainName} → API mappings → Configure API mappings`,
      },
      verify: [`curl -i ${sh(sim.request.url)}`],
      basis: 'inferred',
    });
  },
});
