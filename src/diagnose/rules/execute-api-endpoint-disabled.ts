import { awsCli } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'execute-api-endpoint-disabled',
  title: 'The default execute-api endpoint is disabled',
  defaultSeverity: 'error',
  checks: 'A call to the {api-id}.execute-api host of an API with disableExecuteApiEndpoint set.',
  sources: [DOCS.disableEndpoint],
  check({ sim, inventory, region, report }) {
    if (sim.outcome !== 'ENDPOINT_DISABLED' || !sim.api) return;
    const api = sim.api;
    const domains = inventory.domains.filter((d) => d.mappings.some((m) => m.apiId === api.id));
    // REST URLs name the stage first; HTTP APIs may be on $default, where the whole path is the route.
    const path = sim.endpoint.kind === 'execute-api' ? sim.endpoint.path : '/';
    const first = /^\/+([^/]+)/.exec(path)?.[1];
    const named = api.kind === 'REST' || api.stages.some((s) => s.name === first);
    const stage = named ? first : '$default';
    const rest = named ? path.replace(/^\/+[^/]*/, '') : path;
    const urls = domains.flatMap((d) =>
      d.mappings
        .filter((m) => m.apiId === api.id && (!stage || (m.stage ?? '$default') === stage))
        .map(
          (m) =>
            `https://${d.domainName}${m.basePath ? `/${m.basePath}` : ''}${rest.startsWith('/') ? rest : `/${rest}`}`,
        ),
    );
    const isRest = api.kind === 'REST';
    report({
      title: `API ${api.id} has its default endpoint disabled`,
      explanation:
        `disableExecuteApiEndpoint is on, so the ${api.id}.execute-api… URL answers ${isRest ? '403 Forbidden' : '404 Not Found'}; the API is meant to be called through its custom domain.` +
        (isRest ? ' (The setting takes effect on the next stage update or deployment.)' : ''),
      evidence: [
        `disableExecuteApiEndpoint: true`,
        ...(urls.length
          ? [`custom domain URLs for this API: ${urls.join(', ')}`]
          : ['no custom domain in the inputs maps to this API']),
      ],
      fix: urls.length
        ? { summary: `Call it through ${urls[0]}`, commands: [], correctedUrl: urls[0]! }
        : {
            summary: 'Call it through its custom domain, or enable the default endpoint again',
            commands: [
              awsCli(
                isRest ? 'apigateway' : 'apigatewayv2',
                isRest ? 'update-rest-api' : 'update-api',
                isRest
                  ? {
                      'rest-api-id': api.id,
                      'patch-operations': 'op=replace,path=/disableExecuteApiEndpoint,value=False',
                    }
                  : { 'api-id': api.id, 'no-disable-execute-api-endpoint': '' },
                region,
              ),
              ...(isRest
                ? [
                    awsCli(
                      'apigateway',
                      'create-deployment',
                      { 'rest-api-id': api.id, 'stage-name': stage ?? '{stage}' },
                      region,
                    ),
                  ]
                : []),
            ],
          },
      verify: [urls.length ? `curl -i ${urls[0]}` : 'apigw-doctor diagnose URL --probe'],
      basis: 'documented',
    });
  },
});
