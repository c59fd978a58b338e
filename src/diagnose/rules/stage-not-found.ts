import { RestRouter } from '../../simulate/router/rest-router.js';
import { awsCli, editDistance, restApi, urlWithPath } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'stage-not-found',
  title: 'The stage in the URL does not exist',
  defaultSeverity: 'error',
  checks: 'A REST URL (or custom-domain mapping) naming a stage the API does not have.',
  sources: [DOCS.howToCall, DOCS.forbiddenKc],
  check({ sim, region, report }) {
    const api = restApi(sim);
    if (!api || sim.outcome !== 'STAGE_NOT_FOUND') return;
    const tried = sim.facts.stageLookup?.tried;
    const known = sim.facts.stageLookup?.known ?? [];
    const path = sim.endpoint.kind === 'custom-domain' ? sim.request.path : sim.endpoint.path;
    // When the whole path is a route, the stage was left out: stage-missing-in-url says so.
    if (
      !sim.domain &&
      api.stages.some(
        (s) =>
          (s.resources ?? api.currentResources) &&
          new RestRouter(s.resources ?? api.currentResources!).match(sim.request.method, path),
      )
    )
      return;
    // With no stage at all, every existing stage is a candidate; with a wrong one, the close names.
    const close =
      tried === undefined
        ? known.slice(0, 3)
        : tried
          ? known.filter(
              (k) =>
                k.toLowerCase() === tried.toLowerCase() ||
                editDistance(k.toLowerCase(), tried.toLowerCase(), 2) <= 2,
            )
          : [];
    const rest = path.replace(/^\/+[^/]*/, '');
    const corrected =
      close[0] && !sim.domain
        ? urlWithPath(sim, `/${close[0]}${tried === undefined ? path.replace(/^\/*/, '/') : rest || '/'}`)
        : undefined;
    // Through a custom domain the mapping is what is wrong: point it at the stage that serves the path
    // (the close name first), or at the only stage there is.
    const mapping = sim.domain ? sim.facts.domainRoute?.mapping : undefined;
    const remainder = sim.facts.domainRoute?.remainder ?? path;
    const serves = api.stages.filter((s) => {
      const resources = s.resources ?? api.currentResources;
      return resources !== undefined && new RestRouter(resources).match(sim.request.method, remainder);
    });
    const correctedStage = mapping
      ? (serves.find((s) => close.includes(s.name)) ??
        serves[0] ??
        api.stages.find((s) => s.name === close[0]) ??
        (api.stages.length === 1 ? api.stages[0] : undefined))
      : undefined;
    const v2 = mapping !== undefined && mapping.basePath.includes('/');
    const repoint =
      mapping && correctedStage
        ? v2 && mapping.apiMappingId
          ? awsCli(
              'apigatewayv2',
              'update-api-mapping',
              {
                'domain-name': sim.domain!.domainName,
                'api-mapping-id': mapping.apiMappingId,
                'api-id': api.id,
                stage: correctedStage.name,
              },
              region,
            )
          : awsCli(
              'apigateway',
              'update-base-path-mapping',
              {
                'domain-name': sim.domain!.domainName,
                'base-path': mapping.basePath || '(none)',
                'patch-operations': `op=replace,path=/stage,value=${correctedStage.name}`,
              },
              region,
            )
        : undefined;
    report({
      title: tried === undefined ? 'The URL names no stage' : `No stage "${tried}" on API ${api.id}`,
      explanation: sim.domain
        ? `The custom domain maps this path to stage "${tried}" of API ${api.id}, which does not exist (any more).`
        : `The first path segment of a REST invoke URL is the stage. ${tried === undefined ? 'This URL has none' : `API ${api.id} has no stage "${tried}"`}, so API Gateway answers 403 {"message":"Forbidden"} — not Missing Authentication Token — before any route is looked at.` +
          (close.length
            ? ` Did you mean ${close.map((c) => `"${c}"`).join(' or ')}?${tried === undefined ? '' : ' Stage names are case-sensitive.'}`
            : ''),
      evidence: [
        `stages of ${api.id}: ${known.join(', ') || 'none'}`,
        `stage in the URL: ${tried === undefined ? '(none)' : `"${tried}"`}`,
      ],
      fix: corrected
        ? { summary: `Call stage ${close[0]}: ${corrected}`, commands: [], correctedUrl: corrected }
        : repoint && correctedStage
          ? {
              summary: `Point the mapping ${mapping!.basePath ? `/${mapping!.basePath}` : '(none)'} of ${sim.domain!.domainName} at stage ${correctedStage.name} (or create stage ${tried ?? '{stage}'} from a deployment)`,
              commands: [
                repoint,
                awsCli(
                  'apigateway',
                  'create-deployment',
                  {
                    'rest-api-id': api.id,
                    'stage-name': tried ?? 'prod',
                    description: 'apigw-doctor: create stage',
                  },
                  region,
                ),
              ],
              console: `API Gateway console → Custom domain names → ${sim.domain!.domainName} → API mappings`,
            }
          : {
              summary: known.length
                ? `Use one of the existing stages (${known.join(', ')}), or create stage ${tried ?? '{stage}'} from a deployment`
                : `The API has no stage yet: deploy it to one`,
              commands: [
                awsCli(
                  'apigateway',
                  'create-deployment',
                  {
                    'rest-api-id': api.id,
                    'stage-name': tried ?? 'prod',
                    description: 'apigw-doctor: create stage',
                  },
                  region,
                ),
              ],
              console: `API Gateway console → APIs → ${api.name ?? api.id} → Deploy API → New stage`,
            },
      verify: [
        corrected
          ? `curl -i ${corrected}`
          : awsCli('apigateway', 'get-stages', { 'rest-api-id': api.id, query: 'item[].stageName' }, region),
      ],
      basis: 'community',
      ...(mapping && correctedStage
        ? {
            target: {
              domainMapping: {
                domainName: sim.domain!.domainName,
                basePath: mapping.basePath,
                apiId: api.id,
                apiKind: 'REST' as const,
                stage: correctedStage.name,
                current: {
                  apiId: mapping.apiId,
                  ...(mapping.stage !== undefined ? { stage: mapping.stage } : {}),
                  ...(mapping.apiMappingId ? { apiMappingId: mapping.apiMappingId } : {}),
                },
              },
            },
          }
        : {}),
    });
  },
});
