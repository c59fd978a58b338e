import { defineRule } from '../rule.js';

export default defineRule({
  id: 'not-in-inputs',
  title: 'The URL names an API or domain the inputs do not describe',
  defaultSeverity: 'warning',
  checks:
    'With --openapi/--snapshot given, a URL whose API id or custom domain is not in them, so nothing can be predicted.',
  sources: [],
  check({ sim, inventory, live, report }) {
    if (!sim.facts.configUnknown || inventory.sources.length === 0 || live) return;
    const endpoint = sim.endpoint;
    const apiId =
      endpoint.kind === 'execute-api' || endpoint.kind === 'vpce-dns' ? endpoint.apiId : undefined;
    const region =
      endpoint.kind === 'execute-api' || endpoint.kind === 'vpce-dns' ? endpoint.region : undefined;
    const known = inventory.apis.map((a) => `${a.id}${a.region ? `@${a.region}` : ''}`).join(', ') || 'none';
    report({
      title: `Nothing to predict from: ${sim.facts.configUnknown}`,
      explanation: `The inputs (${inventory.sources.join(', ')}) describe ${known}${inventory.domains.length ? ` and the domains ${inventory.domains.map((d) => d.domainName).join(', ')}` : ''}, but not what this URL reaches. Give the matching configuration, or probe the URL.`,
      evidence: [`inputs: ${inventory.sources.join(', ')}`],
      fix: {
        summary: 'Snapshot the API (or export its stage) and diagnose again',
        commands: apiId
          ? [
              `aws apigateway get-export --rest-api-id ${apiId} --stage-name {stage} --export-type oas30 --parameters extensions=apigateway${region ? ` --region ${region}` : ''} export.json`,
            ]
          : [
              `aws apigateway get-base-path-mappings --domain-name ${sim.request.host}${region ? ` --region ${region}` : ''}`,
            ],
      },
      verify: [],
      basis: 'documented',
    });
  },
});
