import { DOCS } from '../../diagnose/sources.js';
import { defineCheck } from './check.js';

export default defineCheck({
  id: 'method-aws-iam-auth',
  severity: 'info',
  title: 'Routes with AWS_IAM authorization (callers must sign)',
  checks:
    'An inventory of the routes each stage serves with AWS_IAM authorization: unsigned calls to them answer 403 Missing Authentication Token.',
  sources: [DOCS.sigv4Kc, DOCS.matKc],
  run({ inventory, region, report }) {
    for (const api of inventory.apis) {
      const perStage: { stage: string; routes: string[] }[] = [];
      if (api.kind === 'REST') {
        for (const stage of api.stages) {
          const served = stage.resources ?? api.currentResources ?? [];
          const routes = served.flatMap((r) =>
            Object.entries(r.methods)
              .filter(([, m]) => m.authorizationType === 'AWS_IAM')
              .map(([verb]) => `${verb} ${r.path}`),
          );
          if (routes.length > 0) perStage.push({ stage: stage.name, routes });
        }
      } else {
        const routes = api.routes.filter((r) => r.authorizationType === 'AWS_IAM').map((r) => r.routeKey);
        if (routes.length > 0) for (const stage of api.stages) perStage.push({ stage: stage.name, routes });
      }
      for (const { stage, routes } of perStage) {
        report({
          resource: `${api.id}/${stage}`,
          api,
          stage,
          title: `${routes.length} route${routes.length === 1 ? '' : 's'} of ${api.name ?? api.id}/${stage} ${routes.length === 1 ? 'requires' : 'require'} SigV4-signed calls (AWS_IAM)`,
          explanation: `Callers of these routes must sign each request with AWS credentials (service execute-api, region ${region}) and be allowed execute-api:Invoke; an unsigned call answers 403 Missing Authentication Token, which is easily mistaken for a wrong URL.`,
          evidence: routes.sort(),
          fix: null,
        });
      }
    }
  },
});
