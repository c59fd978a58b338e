import { RestRouter } from '../../simulate/router/rest-router.js';
import { httpRoutesAsResources, restApi, restStage, suggestRoutes, urlWithPath } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'near-miss-path',
  title: 'Did you mean a route that exists?',
  defaultSeverity: 'warning',
  checks:
    'For a missed route: deployed routes that differ only in case, a small typo, a repeated stage name, an extra segment or the method.',
  sources: [DOCS.matKc],
  check({ sim, report }) {
    const miss = sim.facts.routeMiss;
    if (!miss || miss.inCurrentConfig || !sim.stage) return;
    const resources = restApi(sim)
      ? restStage(sim)?.resources
      : sim.api?.kind === 'HTTP'
        ? httpRoutesAsResources(sim.api)
        : undefined;
    if (!resources) return;
    const stage = sim.stage;
    const suggestions = suggestRoutes(resources, sim.request.method, miss.path, stage.name).filter(
      (s) => s.reason !== 'method',
    );
    // The stage repeated on a custom domain is stage-in-custom-domain-path's case.
    const relevant = sim.domain ? suggestions.filter((s) => s.reason !== 'stage-repeated') : suggestions;
    if (relevant.length === 0) return;
    const prefix = sim.domain
      ? sim.request.path.slice(0, sim.request.path.length - miss.path.length)
      : stage.name === '$default'
        ? ''
        : `/${stage.name}`;
    const urls = relevant.map((s) => ({
      ...s,
      url: urlWithPath(sim, `${prefix.replace(/\/$/, '')}${s.path}`),
    }));
    const best = urls[0]!;
    const router = new RestRouter(resources);
    report({
      title: `Did you mean ${best.method} ${best.path}?`,
      explanation:
        `The path is close to ${urls.length === 1 ? 'a deployed route' : 'deployed routes'}: ` +
        urls.map((u) => `${u.method} ${u.path} (${u.note})`).join('; ') +
        '. Resource paths are matched exactly: case, spelling and every segment count.',
      evidence: urls.map(
        (u) => `${u.method} ${u.path} → ${router.match(u.method, u.path)?.resource.path ?? u.resourcePath}`,
      ),
      fix: { summary: `Call ${best.url}`, commands: [], correctedUrl: best.url },
      verify: [`curl -i${best.method !== 'GET' ? ` -X ${best.method}` : ''} ${best.url}`],
      basis: best.reason === 'case' || sim.api?.kind === 'HTTP' ? 'inferred' : 'recorded',
    });
  },
});
