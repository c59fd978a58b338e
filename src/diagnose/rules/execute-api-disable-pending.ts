import { awsCli } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'execute-api-disable-pending',
  title: 'disableExecuteApiEndpoint is set but not yet in effect',
  defaultSeverity: 'warning',
  checks:
    'A REST API configured with disableExecuteApiEndpoint whose execute-api URL still answers (live): the setting takes effect only when a stage is updated or deployed.',
  sources: [DOCS.disableEndpoint],
  check({ sim, live, region, report }) {
    const api = sim.api;
    if (sim.outcome !== 'ENDPOINT_DISABLED' || api?.kind !== 'REST' || !live || live.status === null) return;
    const forbidden =
      live.status === 403 && (live.headers['x-amzn-errortype'] ?? '').startsWith('ForbiddenException');
    if (forbidden) return;
    const stage =
      /^\/+([^/]+)/.exec(sim.endpoint.kind === 'execute-api' ? sim.endpoint.path : '')?.[1] ??
      api.stages[0]?.name ??
      '{stage}';
    report({
      title: `The execute-api URL of ${api.id} still answers (${live.status}) although the default endpoint is disabled`,
      explanation:
        'disableExecuteApiEndpoint is on in the configuration, but API Gateway applies it only when a stage is updated, for example by a deployment (documented). Until then the execute-api URL keeps working, and when the next deployment happens it stops — often as a surprise.',
      evidence: ['disableExecuteApiEndpoint: true', `live: ${live.status} from ${sim.request.host}`],
      fix: {
        summary: `Deploy (or update) stage ${stage} now, when you choose, so the setting takes effect`,
        commands: [
          awsCli(
            'apigateway',
            'create-deployment',
            {
              'rest-api-id': api.id,
              'stage-name': stage,
              description: 'apigw-doctor: apply disableExecuteApiEndpoint',
            },
            region,
          ),
        ],
      },
      verify: [`curl -i ${sim.request.url}   # expect 403 Forbidden`],
      basis: 'documented',
    });
  },
});
