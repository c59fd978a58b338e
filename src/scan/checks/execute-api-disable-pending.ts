import { awsCli } from '../../diagnose/helpers.js';
import { DOCS } from '../../diagnose/sources.js';
import { defineCheck } from './check.js';

export default defineCheck({
  id: 'execute-api-disable-pending',
  severity: 'warning',
  title: 'disableExecuteApiEndpoint is set but not yet in effect',
  checks:
    'An API with disableExecuteApiEndpoint turned on (CloudTrail tells when) and no stage updated or deployed since: the execute-api URL still answers, and stops at the next deployment.',
  sources: [DOCS.disableEndpoint],
  run({ inventory, region, endpointDisabledAt, report }) {
    if (!endpointDisabledAt) return;
    for (const api of inventory.apis) {
      const changedAt = endpointDisabledAt.get(api.id);
      if (!api.disableExecuteApiEndpoint || !changedAt || api.stages.length === 0) continue;
      // REST: an update of any stage applies it to the API. HTTP: each stage needs a deployment
      // (auto-deploy stages get one with the change).
      const changedMs = Date.parse(changedAt);
      const updated = (s: (typeof api.stages)[number]): string => {
        const raw = s.lastUpdatedDate ?? ('deploymentCreatedDate' in s ? s.deploymentCreatedDate : undefined);
        return raw && !Number.isNaN(Date.parse(raw)) ? new Date(raw).toISOString() : '';
      };
      const before = (s: (typeof api.stages)[number]): boolean => {
        const at = updated(s);
        return at === '' || Date.parse(at) < changedMs;
      };
      const pending =
        api.kind === 'REST'
          ? api.stages.every(before)
            ? api.stages
            : []
          : api.stages.filter((s) => 'autoDeploy' in s && !s.autoDeploy && before(s));
      if (pending.length === 0) continue;
      const stage = pending.find((s) => s.name === 'prod') ?? pending[0]!;
      report({
        resource: api.id,
        api,
        stage: api.kind === 'REST' ? undefined : stage.name,
        title: `The execute-api URL of ${api.name ?? api.id} still answers: disableExecuteApiEndpoint was turned on ${changedAt} and no stage was ${api.kind === 'REST' ? 'updated' : 'deployed'} since`,
        explanation:
          api.kind === 'REST'
            ? 'API Gateway applies disableExecuteApiEndpoint only when a stage is updated, for example by a deployment (documented). Until then the default endpoint keeps answering, and it stops at the next deployment of any stage, often as a surprise.'
            : 'For an HTTP API the setting takes effect on a stage with its next deployment (documented; auto-deploy stages deploy on their own). Until then the default endpoint keeps answering.',
        evidence: [
          `disableExecuteApiEndpoint: true since ${changedAt} (CloudTrail)`,
          ...pending.map((s) => `stage ${s.name} last updated ${updated(s) || 'unknown'}`),
        ],
        fix: {
          summary: `Deploy (or update) stage ${stage.name} when you choose, so the setting takes effect`,
          commands: [
            api.kind === 'REST'
              ? awsCli(
                  'apigateway',
                  'create-deployment',
                  {
                    'rest-api-id': api.id,
                    'stage-name': stage.name,
                    description: 'apigw-doctor: apply disableExecuteApiEndpoint',
                  },
                  region,
                )
              : awsCli(
                  'apigatewayv2',
                  'create-deployment',
                  { 'api-id': api.id, 'stage-name': stage.name },
                  region,
                ),
          ],
        },
      });
    }
  },
});
