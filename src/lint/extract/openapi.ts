import { asString, isObject, lineOf, type Json } from '../parse/located.js';
import type { ApiKind, IacGatewayResponse, IacRoute, Framework } from '../types.js';

const METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'x-amazon-apigateway-any-method',
];

export function isOpenApi(doc: unknown): doc is Record<string, Json> {
  return (
    isObject(doc) &&
    (typeof doc.openapi === 'string' || typeof doc.swagger === 'string') &&
    isObject(doc.paths)
  );
}

/** An OpenAPI 3 definition with HTTP API extensions (payloadFormatVersion, x-amazon-apigateway-cors) is an HTTP API. */
export function openApiKind(doc: Record<string, Json>): ApiKind {
  if (doc['x-amazon-apigateway-cors'] !== undefined) return 'http';
  if (JSON.stringify(doc.paths).includes('"payloadFormatVersion"')) return 'http';
  return 'rest';
}

export interface OpenApiFacts {
  routes: IacRoute[];
  gatewayResponses: IacGatewayResponse[];
  hasPolicy: boolean;
  disableExecuteApiEndpoint: boolean | null;
  cors: boolean;
}

export function readOpenApi(
  doc: Record<string, Json>,
  file: string,
  apiKey: string | null,
  framework: Framework,
): OpenApiFacts {
  const schemes = {
    ...(isObject(doc.securityDefinitions) ? doc.securityDefinitions : {}),
    ...(isObject(doc.components) && isObject(doc.components.securitySchemes)
      ? doc.components.securitySchemes
      : {}),
  };
  const iamSchemes = new Set(
    Object.entries(schemes)
      .filter(
        ([, scheme]) =>
          isObject(scheme) && asString(scheme['x-amazon-apigateway-authtype'])?.toLowerCase() === 'awssigv4',
      )
      .map(([name]) => name),
  );
  const globalSecurity = doc.security;
  const routes: IacRoute[] = [];
  const paths = doc.paths as Record<string, Json>;
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const name of METHODS) {
      const operation = item[name];
      if (!isObject(operation)) continue;
      const security = operation.security !== undefined ? operation.security : globalSecurity;
      const usesIam =
        Array.isArray(security) &&
        security.some(
          (requirement) => isObject(requirement) && Object.keys(requirement).some((s) => iamSchemes.has(s)),
        );
      routes.push({
        file,
        line: lineOf(item, name),
        apiKey,
        key: null,
        method: name === 'x-amazon-apigateway-any-method' ? 'ANY' : name.toUpperCase(),
        path,
        authorization: usesIam ? 'AWS_IAM' : null,
        authLine: lineOf(operation, 'security') || lineOf(item, name),
        corsHeaders:
          mentionsCorsHeader(operation['x-amazon-apigateway-integration']) ||
          mentionsCorsHeader(operation.responses),
        integrationKeys: [],
        fromFramework: false,
      });
    }
  }
  const gatewayResponses: IacGatewayResponse[] = [];
  const responses = doc['x-amazon-apigateway-gateway-responses'];
  if (isObject(responses)) {
    for (const [type, response] of Object.entries(responses)) {
      if (!isObject(response)) continue;
      gatewayResponses.push({
        file,
        line: lineOf(responses, type),
        apiKey,
        type,
        statusCode: asString(response.statusCode),
        hasTemplates:
          isObject(response.responseTemplates) && Object.keys(response.responseTemplates).length > 0,
        framework,
      });
    }
  }
  const endpoint = doc['x-amazon-apigateway-endpoint-configuration'];
  return {
    routes,
    gatewayResponses,
    hasPolicy: doc['x-amazon-apigateway-policy'] !== undefined,
    disableExecuteApiEndpoint:
      isObject(endpoint) && endpoint.disableExecuteApiEndpoint === true ? true : null,
    cors: doc['x-amazon-apigateway-cors'] !== undefined,
  };
}

/** True when a value (integration or method responses) names an Access-Control-* header. */
export function mentionsCorsHeader(value: unknown): boolean {
  return value !== undefined && /access-control-allow-/i.test(JSON.stringify(value));
}
