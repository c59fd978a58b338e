import { RestRouter } from '../../simulate/router/rest-router.js';
import { awsCli, restApi, urlWithPath } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'stage-missing-in-url',
  title: 'The URL leaves out the stage',
  defaultSeverity: 'error',
  checks:
    'A REST URL whose first path segment is no stage, while the whole path is a route some stage serves.',
  sources: [DOCS.howToCall],
  check({ sim, region, report }) {
    const api = restApi(sim);
    if (!api || sim.outcome !== 'STAGE_NOT_FOUND' || sim.domain) return;
    const path = sim.endpoint.kind === 'custom-domain' ? sim.request.path : sim.endpoint.path;
    const serving = api.stages.filter(
      (s) =>
        (s.resources ?? api.currentResources) &&
        new RestRouter(s.resources ?? api.currentResources!).match(sim.request.method, path),
    );
    if (serving.length === 0) return;
    const stage = serving.find((s) => s.name === 'prod') ?? serving[0]!;
    const corrected = urlWithPath(sim, `/${stage.name}${path === '/' ? '/' : path}`);
    report({
      title: `The URL has no stage: "${sim.facts.stageLookup?.tried ?? ''}" was taken as the stage name`,
      explanation:
        `A REST API's invoke URL is https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/{path}: the first path segment is always the stage. ` +
        `Here it is "${sim.facts.stageLookup?.tried ?? ''}", which is not a stage, so API Gateway answers 403 Forbidden before looking at any route. ` +
        `The path ${path} is a route of stage${serving.length > 1 ? 's' : ''} ${serving.map((s) => s.name).join(', ')}.`,
      evidence: [
        `stages of ${api.id}: ${api.stages.map((s) => s.name).join(', ')}`,
        `${sim.request.method} ${path} is served by stage ${stage.name}`,
      ],
      fix: {
        summary: `Put the stage in the URL: ${corrected}`,
        commands: [
          awsCli('apigateway', 'get-stages', { 'rest-api-id': api.id, query: 'item[].stageName' }, region),
        ],
        correctedUrl: corrected,
      },
      verify: [`curl -i ${corrected}`],
      basis: 'community',
    });
  },
});
