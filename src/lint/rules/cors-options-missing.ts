import type { IacApi, IacRoute, LintFinding, LintFix, LintRule } from '../types.js';
import { DOCS, report, routesOf } from './helpers.js';

const ALLOW_HEADERS = "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'";

/** OPTIONS /a/b is answered by an OPTIONS or ANY method there, or by a greedy {x+} sibling/ancestor (AWS backtracks). */
function preflightAnswered(path: string, routes: IacRoute[]): boolean {
  return routes.some((r) => {
    if (r.method !== 'OPTIONS' && r.method !== 'ANY') return false;
    if (r.path === path) return true;
    if (r.path === null || !/\{[^}]+\+\}$/.test(r.path)) return false;
    const prefix = r.path.replace(/\/\{[^}]+\+\}$/, '');
    return path !== '/' && path.startsWith(`${prefix}/`);
  });
}

function fixFor(api: IacApi, path: string, sample: IacRoute, methods: string): LintFix {
  const allowMethods = `'${methods},OPTIONS'`;
  if (api.framework === 'terraform') {
    const name = `${(sample.key?.split('.')[1] ?? 'resource').replace(/[^A-Za-z0-9_]/g, '_')}_options`;
    const resourceId = sample.resourceRef ?? `${api.key}.root_resource_id`;
    return {
      summary: `Add an OPTIONS method (MOCK) on ${path} that answers the preflight with the CORS headers.`,
      code: [
        `resource "aws_api_gateway_method" "${name}" {`,
        `  rest_api_id   = ${api.key}.id`,
        `  resource_id   = ${resourceId}`,
        `  http_method   = "OPTIONS"`,
        `  authorization = "NONE"`,
        `}`,
        ``,
        `resource "aws_api_gateway_integration" "${name}" {`,
        `  rest_api_id       = ${api.key}.id`,
        `  resource_id       = ${resourceId}`,
        `  http_method       = aws_api_gateway_method.${name}.http_method`,
        `  type              = "MOCK"`,
        `  request_templates = { "application/json" = "{\\"statusCode\\": 200}" }`,
        `}`,
        ``,
        `resource "aws_api_gateway_method_response" "${name}" {`,
        `  rest_api_id = ${api.key}.id`,
        `  resource_id = ${resourceId}`,
        `  http_method = aws_api_gateway_method.${name}.http_method`,
        `  status_code = "200"`,
        `  response_parameters = {`,
        `    "method.response.header.Access-Control-Allow-Headers" = true`,
        `    "method.response.header.Access-Control-Allow-Methods" = true`,
        `    "method.response.header.Access-Control-Allow-Origin"  = true`,
        `  }`,
        `}`,
        ``,
        `resource "aws_api_gateway_integration_response" "${name}" {`,
        `  rest_api_id = ${api.key}.id`,
        `  resource_id = ${resourceId}`,
        `  http_method = aws_api_gateway_method.${name}.http_method`,
        `  status_code = aws_api_gateway_method_response.${name}.status_code`,
        `  response_parameters = {`,
        `    "method.response.header.Access-Control-Allow-Headers" = "${ALLOW_HEADERS}"`,
        `    "method.response.header.Access-Control-Allow-Methods" = "${allowMethods}"`,
        `    "method.response.header.Access-Control-Allow-Origin"  = "'*'"`,
        `  }`,
        `  depends_on = [aws_api_gateway_integration.${name}]`,
        `}`,
      ].join('\n'),
    };
  }
  if (api.framework === 'openapi' || sample.key === null) {
    return {
      summary: `Add an options operation with a mock integration to ${path} in the definition.`,
      code: [
        `  ${path}:`,
        `    options:`,
        `      responses:`,
        `        "200":`,
        `          description: CORS preflight`,
        `          headers:`,
        `            Access-Control-Allow-Origin: { schema: { type: string } }`,
        `            Access-Control-Allow-Methods: { schema: { type: string } }`,
        `            Access-Control-Allow-Headers: { schema: { type: string } }`,
        `      x-amazon-apigateway-integration:`,
        `        type: mock`,
        `        requestTemplates: { application/json: '{"statusCode": 200}' }`,
        `        responses:`,
        `          default:`,
        `            statusCode: "200"`,
        `            responseParameters:`,
        `              method.response.header.Access-Control-Allow-Origin: "'*'"`,
        `              method.response.header.Access-Control-Allow-Methods: "${allowMethods}"`,
        `              method.response.header.Access-Control-Allow-Headers: "${ALLOW_HEADERS}"`,
      ].join('\n'),
    };
  }
  const id = `${sample.key}Options`;
  return {
    summary: `Add an OPTIONS method (MOCK) on ${path} next to ${sample.key}, and list it in the deployment's DependsOn.`,
    code: [
      `  ${id}:`,
      `    Type: AWS::ApiGateway::Method`,
      `    Properties:`,
      `      RestApiId: !Ref ${api.key}`,
      `      ResourceId: ${sample.resourceRef ?? '?'}`,
      `      HttpMethod: OPTIONS`,
      `      AuthorizationType: NONE`,
      `      Integration:`,
      `        Type: MOCK`,
      `        RequestTemplates:`,
      `          application/json: '{"statusCode": 200}'`,
      `        IntegrationResponses:`,
      `          - StatusCode: '200'`,
      `            ResponseParameters:`,
      `              method.response.header.Access-Control-Allow-Headers: "${ALLOW_HEADERS}"`,
      `              method.response.header.Access-Control-Allow-Methods: "${allowMethods}"`,
      `              method.response.header.Access-Control-Allow-Origin: "'*'"`,
      `      MethodResponses:`,
      `        - StatusCode: '200'`,
      `          ResponseParameters:`,
      `            method.response.header.Access-Control-Allow-Headers: true`,
      `            method.response.header.Access-Control-Allow-Methods: true`,
      `            method.response.header.Access-Control-Allow-Origin: true`,
    ].join('\n'),
  };
}

export const corsOptionsMissing: LintRule = {
  id: 'cors-options-missing',
  title: 'CORS intended but the resource has no OPTIONS method',
  severity: 'warning',
  why: 'Browsers send a preflight OPTIONS request before a cross-origin call with a JSON body or custom headers. A REST API resource must implement OPTIONS (a MOCK integration returning the Access-Control-Allow-* headers) for the preflight; without it API Gateway answers 403 Missing Authentication Token, without CORS headers, and the browser reports a CORS error even though the method itself returns Access-Control-Allow-Origin (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html, https://docs.aws.amazon.com/apigateway/latest/developerguide/enable-cors-for-resource-using-swagger-importer-tool.html). An ANY method or a greedy {proxy+} OPTIONS/ANY method answers the preflight too; SAM (Cors), the Serverless Framework (cors: true) and HTTP APIs with a CORS configuration add it themselves.',
  docs: [DOCS.cors, DOCS.corsImport],
  check(model) {
    const findings: LintFinding[] = [];
    for (const api of model.apis) {
      if (api.kind === 'http' || api.kind === 'websocket' || api.corsByFramework) continue;
      const routes = routesOf(model, api);
      const byPath = new Map<string, IacRoute[]>();
      for (const r of routes) if (r.path !== null) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
      for (const [path, methods] of byPath) {
        const wanting = methods.filter((m) => m.corsHeaders && !m.fromFramework && m.method !== 'OPTIONS');
        if (wanting.length === 0 || preflightAnswered(path, routes)) continue;
        const sample = wanting[0]!;
        const verbs = [...new Set(methods.map((m) => m.method))].join(',');
        findings.push(
          report(
            this,
            sample,
            `${verbs} ${path} returns Access-Control-* headers, so browsers will call it cross-origin, but ${path} has no OPTIONS method: the preflight gets 403 Missing Authentication Token without CORS headers.`,
            fixFor(api, path, sample, verbs),
          ),
        );
      }
    }
    return findings;
  },
};
