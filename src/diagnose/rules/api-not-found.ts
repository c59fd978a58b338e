import { editDistance } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'api-not-found',
  title: 'No API with this id in this region',
  defaultSeverity: 'error',
  checks:
    "An execute-api host whose API id is not among the region's APIs (the host name then does not resolve).",
  sources: [DOCS.howToCall],
  check({ sim, inventory, live, report }) {
    const endpoint = sim.endpoint;
    if (endpoint.kind !== 'execute-api' || sim.api) return;
    const dnsFailed = live?.error?.code === 'ENOTFOUND';
    if (sim.outcome !== 'NO_SUCH_HOST' && !dnsFailed) return;
    const id = endpoint.apiId;
    const known = [
      ...inventory.listedApis,
      ...inventory.apis.map((a) => ({ id: a.id, name: a.name, region: a.region ?? '' })),
    ].filter((a, i, all) => all.findIndex((b) => b.id === a.id && b.region === a.region) === i);
    const sameIdElsewhere = known.filter((a) => a.id === id && a.region !== endpoint.region);
    const similar = known.filter((a) => a.id !== id && editDistance(a.id, id, 2) <= 2);
    const suggestion = sameIdElsewhere[0] ?? similar[0];
    const corrected = suggestion
      ? `https://${suggestion.id}.execute-api.${suggestion.region}.amazonaws.com${endpoint.path}`
      : undefined;
    report({
      title: `No API ${id} in ${endpoint.region ?? 'this region'}`,
      explanation:
        `The host name ${sim.request.host} does not resolve${dnsFailed ? ' (the probe got ENOTFOUND)' : ''}: no API with id ${id} exists in ${endpoint.region}. ` +
        (sameIdElsewhere.length
          ? `API ${id} exists in ${sameIdElsewhere.map((a) => a.region).join(', ')}: the region in the URL is wrong.`
          : similar.length
            ? `Similar ids: ${similar.map((a) => `${a.id}${a.name ? ` (${a.name})` : ''}`).join(', ')}.`
            : 'Check the API id and region (or the API was deleted).'),
      evidence: [
        `API id in the URL: ${id}`,
        `region in the URL: ${endpoint.region}`,
        ...(known.length
          ? [
              `APIs in the inputs: ${known
                .slice(0, 8)
                .map((a) => `${a.id}@${a.region}`)
                .join(', ')}`,
            ]
          : []),
      ],
      fix: corrected
        ? { summary: `Call ${corrected}`, commands: [], correctedUrl: corrected }
        : {
            summary: 'List the APIs of the region and use the right id',
            commands: [
              `aws apigateway get-rest-apis --query 'items[].[id,name]' --region ${endpoint.region}`,
              `aws apigatewayv2 get-apis --query 'Items[].[ApiId,Name]' --region ${endpoint.region}`,
            ],
          },
      verify: [corrected ? `curl -i ${corrected}` : `nslookup ${sim.request.host}`],
      basis: 'inferred',
    });
  },
});
