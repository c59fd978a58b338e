import { awsCli, resourceId, restApi, restStage } from '../helpers.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'cors-preflight-no-options',
  title: 'CORS preflight: the resource has no OPTIONS method',
  defaultSeverity: 'error',
  checks:
    'A browser preflight (OPTIONS with Access-Control-Request-Method) to a deployed resource that has no OPTIONS or ANY method.',
  sources: [DOCS.cors, DOCS.matKc],
  check({ sim, region, report }) {
    const miss = sim.facts.routeMiss;
    const preflight =
      sim.request.method === 'OPTIONS' && sim.request.headers['access-control-request-method'] !== undefined;
    if (!miss || !preflight || miss.inCurrentConfig) return;
    const target = miss.samePath.find((r) => r.methods.length > 0);
    if (!target) return;
    const wantedMethod = sim.request.headers['access-control-request-method']!;
    if (sim.api?.kind === 'HTTP') {
      const origin = sim.request.headers.origin ?? 'https://your-site.example';
      report({
        title: `Preflight for ${wantedMethod} ${target.path} fails: the HTTP API has no CORS configuration and no OPTIONS route`,
        explanation: `Before a cross-origin ${wantedMethod}, the browser sends OPTIONS ${target.path}. No route of the HTTP API serves OPTIONS there, so it answers 404 Not Found without Access-Control-Allow-Origin, and the browser reports a CORS error. HTTP APIs answer preflights themselves once a CORS configuration is set on the API.`,
        evidence: [
          `Origin: ${origin}`,
          `Access-Control-Request-Method: ${wantedMethod}`,
          `routes on ${target.path}: ${target.methods.join(', ')}`,
        ],
        fix: {
          summary: 'Set a CORS configuration on the HTTP API (it then answers preflights before routing)',
          commands: [
            awsCli(
              'apigatewayv2',
              'update-api',
              {
                'api-id': sim.api.id,
                'cors-configuration': `AllowOrigins=${origin},AllowMethods=${[...new Set([...target.methods.filter((m) => m !== 'ANY'), wantedMethod])].join(',')},AllowHeaders=content-type,authorization`,
              },
              region,
            ),
          ],
          console: `API Gateway console → APIs → ${sim.api.name ?? sim.api.id} → CORS → Configure`,
        },
        verify: [
          `curl -i -X OPTIONS -H 'Origin: ${origin}' -H 'Access-Control-Request-Method: ${wantedMethod}' '${sim.request.url}'`,
        ],
        basis: 'documented',
      });
      return;
    }
    const api = restApi(sim);
    const stage = restStage(sim);
    const origin = sim.request.headers.origin ?? 'https://your-site.example';
    const wanted = sim.request.headers['access-control-request-method']!;
    const id = resourceId(api, target.path) ?? '{resource-id}';
    const apiId = api?.id ?? sim.api?.id ?? '{api-id}';
    const allowHeaders = "'Content-Type,Authorization,X-Amz-Date,X-Api-Key,X-Amz-Security-Token'";
    const allowMethods = `'OPTIONS,${target.methods.filter((m) => m !== 'ANY').join(',') || wanted}'`;
    report({
      title: `Preflight for ${wanted} ${target.path} fails: no OPTIONS method`,
      explanation: `Before a cross-origin ${wanted} with custom headers, the browser sends OPTIONS ${target.path}. The resource has ${target.methods.join(', ')} but no OPTIONS (nor ANY), so API Gateway answers 403 Missing Authentication Token without any Access-Control-Allow-Origin header, and the browser reports a CORS error instead of the real cause.`,
      evidence: [
        `Origin: ${origin}`,
        `Access-Control-Request-Method: ${wanted}`,
        `deployed methods on ${target.path}: ${target.methods.join(', ')}`,
      ],
      fix: {
        summary: `Add an OPTIONS method with a MOCK integration that returns the CORS headers, then deploy (console: Enable CORS)`,
        commands: [
          awsCli(
            'apigateway',
            'put-method',
            {
              'rest-api-id': apiId,
              'resource-id': id,
              'http-method': 'OPTIONS',
              'authorization-type': 'NONE',
            },
            region,
          ),
          awsCli(
            'apigateway',
            'put-integration',
            {
              'rest-api-id': apiId,
              'resource-id': id,
              'http-method': 'OPTIONS',
              type: 'MOCK',
              'request-templates': '{"application/json":"{\\"statusCode\\": 200}"}',
            },
            region,
          ),
          awsCli(
            'apigateway',
            'put-method-response',
            {
              'rest-api-id': apiId,
              'resource-id': id,
              'http-method': 'OPTIONS',
              'status-code': '200',
              'response-parameters':
                'method.response.header.Access-Control-Allow-Origin=false,method.response.header.Access-Control-Allow-Methods=false,method.response.header.Access-Control-Allow-Headers=false',
            },
            region,
          ),
          awsCli(
            'apigateway',
            'put-integration-response',
            {
              'rest-api-id': apiId,
              'resource-id': id,
              'http-method': 'OPTIONS',
              'status-code': '200',
              'response-parameters': JSON.stringify({
                'method.response.header.Access-Control-Allow-Origin': `'${origin}'`,
                'method.response.header.Access-Control-Allow-Methods': allowMethods,
                'method.response.header.Access-Control-Allow-Headers': allowHeaders,
              }),
            },
            region,
          ),
          awsCli(
            'apigateway',
            'create-deployment',
            { 'rest-api-id': apiId, 'stage-name': stage?.name ?? '{stage}' },
            region,
          ),
        ],
        console: `API Gateway console → APIs → ${api?.name ?? apiId} → Resources → ${target.path} → Enable CORS → Deploy API`,
      },
      verify: [
        `curl -i -X OPTIONS -H 'Origin: ${origin}' -H 'Access-Control-Request-Method: ${wanted}' '${sim.request.url}'`,
      ],
      basis: 'documented',
    });
  },
});
