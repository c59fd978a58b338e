import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'wrong-api-type',
  title: 'The URL is used as the wrong kind of API',
  defaultSeverity: 'error',
  checks:
    'A WebSocket API called with plain HTTP, or a live answer whose shape belongs to another API type than the configuration says (Missing Authentication Token only comes from REST APIs).',
  sources: [DOCS.websocket, DOCS.httpRoutes],
  check({ sim, live, report }) {
    const api = sim.api;
    if (api?.kind === 'WEBSOCKET' && (sim.request.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      const first = /^\/+([^/?]+)/.exec(sim.request.path)?.[1];
      const stageFromUrl =
        api.stages.find((s) => s.name === first)?.name ??
        api.stages.find((s) => s.name !== '$default')?.name ??
        '{stage}';
      report({
        title: `API ${api.id} is a WebSocket API, called here as a plain HTTP request`,
        explanation:
          'WebSocket APIs are reached with wss:// and an Upgrade handshake (for example `wscat -c wss://…/stage`); their backend callbacks go to /@connections. A plain HTTPS request does not reach any route.',
        evidence: [
          `protocolType of ${api.id}: WEBSOCKET`,
          `request: ${sim.request.method} without Upgrade: websocket`,
        ],
        fix: {
          summary: 'Connect over WebSocket',
          commands: [`npx wscat -c wss://${sim.request.host}/${stageFromUrl}`],
        },
        verify: [`npx wscat -c wss://${sim.request.host}/${stageFromUrl}`],
        basis: 'documented',
      });
      return;
    }
    if (!live || live.status === null) return;
    const errorType = live.headers['x-amzn-errortype'] ?? '';
    if (api?.kind === 'HTTP' && errorType.startsWith('MissingAuthenticationTokenException')) {
      report({
        title: `The configuration says ${api.id} is an HTTP API, but a REST API answered`,
        explanation:
          'HTTP APIs never answer Missing Authentication Token; only REST APIs do. The URL reaches a REST API: check the API id in the host and, on a custom domain, which API the mapping points at.',
        evidence: [`configured type of ${api.id}: HTTP`, `live x-amzn-ErrorType: ${errorType}`],
        fix: { summary: "Use the HTTP API's own invoke URL, or fix the custom domain mapping", commands: [] },
        verify: ['apigw-doctor diagnose URL --probe'],
        basis: 'inferred',
      });
    }
    if (
      api?.kind === 'REST' &&
      live.headers['apigw-requestid'] !== undefined &&
      live.headers['x-amz-apigw-id'] === undefined
    ) {
      report({
        title: `The configuration says ${api.id} is a REST API, but an HTTP API answered`,
        explanation:
          'The answer carries apigw-requestid, the header of HTTP APIs, and no x-amz-apigw-id. The URL reaches another API than the one diagnosed.',
        evidence: [`live headers: apigw-requestid=${live.headers['apigw-requestid']}`],
        fix: { summary: 'Check the API id in the URL and the custom domain mappings', commands: [] },
        verify: ['apigw-doctor diagnose URL --probe'],
        basis: 'inferred',
      });
    }
  },
});
