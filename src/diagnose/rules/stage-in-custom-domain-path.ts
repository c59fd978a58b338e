import { RestRouter, splitRequestPath } from '../../simulate/router/rest-router.js';
import { restApi, restStage, urlWithPath } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'stage-in-custom-domain-path',
  title: 'The stage name is in a custom-domain URL',
  defaultSeverity: 'error',
  checks:
    'A custom-domain request whose path inside the API starts with a stage name, while the path without it is a route: the mapping already picks the stage.',
  sources: [DOCS.customDomainKc, DOCS.mappings],
  check({ sim, report }) {
    const miss = sim.facts.routeMiss;
    const api = restApi(sim);
    const stage = restStage(sim);
    if (!miss || !sim.domain || !api || !stage?.resources) return;
    const segments = splitRequestPath(miss.path);
    const first = segments[0];
    if (!first || !api.stages.some((s) => s.name === first)) return;
    const rest = '/' + segments.slice(1).join('/');
    if (!new RestRouter(stage.resources).match(sim.request.method, rest)) return;
    const before = sim.request.path.slice(0, sim.request.path.length - miss.path.length);
    const corrected = urlWithPath(sim, `${before.replace(/\/$/, '')}${rest}`);
    report({
      title: `Drop "/${first}" from the URL: the custom domain already maps to stage ${stage.name}`,
      explanation:
        `On a custom domain the API mapping chooses the API and the stage, so the stage is not part of the URL (documented). ` +
        `"/${first}" is taken as a resource path, which does not exist, hence 403 Missing Authentication Token. The URL ${corrected} reaches the route.`,
      evidence: [
        `mapping ${sim.facts.domainRoute?.mapping?.basePath ? `/${sim.facts.domainRoute.mapping.basePath}` : '(none)'} → ${api.id}/${stage.name}`,
        `${sim.request.method} ${rest} is a deployed route`,
      ],
      fix: { summary: `Call ${corrected}`, commands: [], correctedUrl: corrected },
      verify: [`curl -i ${corrected}`],
      basis: 'documented',
    });
  },
});
