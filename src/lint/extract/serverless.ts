import { asString, isObject, lineOf, type Json } from '../parse/located.js';
import type { IacApi, IacModel, Syntax } from '../types.js';
import { readCloudFormation, route } from './cloudformation.js';

export function isServerless(doc: unknown): doc is Record<string, Json> {
  if (!isObject(doc) || doc.service === undefined) return false;
  const provider = doc.provider;
  return provider === 'aws' || (isObject(provider) && provider.name === 'aws');
}

/** The logical ids the Serverless Framework gives the APIs it generates. */
const REST = 'ApiGatewayRestApi';
const HTTP = 'HttpApi';
const WEBSOCKET = 'WebsocketsApi';

export function readServerless(
  doc: Record<string, Json>,
  file: string,
  syntax: Syntax,
  model: IacModel,
): void {
  const provider = isObject(doc.provider) ? doc.provider : {};
  const apiGateway = isObject(provider.apiGateway) ? provider.apiGateway : {};
  const httpApi = isObject(provider.httpApi) ? provider.httpApi : {};
  const custom = isObject(doc.custom) ? doc.custom : {};
  const domainKey = ['customDomain', 'customDomains'].find((key) => custom[key] !== undefined);
  const domainLine = domainKey ? lineOf(custom, domainKey) : 0;
  const apis = new Map<string, IacApi>();
  const functions = isObject(doc.functions) ? doc.functions : {};
  const ensure = (key: string, kind: IacApi['kind'], line: number): IacApi => {
    let api = apis.get(key);
    if (!api) {
      const rest = kind === 'rest';
      const endpointType = asString(provider.endpointType)?.toUpperCase();
      const policy = rest ? (apiGateway.resourcePolicy ?? provider.resourcePolicy) : undefined;
      const disable = rest ? apiGateway.disableDefaultEndpoint : httpApi.disableDefaultEndpoint;
      api = {
        file,
        line,
        key,
        kind,
        framework: 'serverless',
        syntax,
        deployedBy: 'serverless',
        bodyDefined: false,
        endpointTypes:
          rest && endpointType
            ? [endpointType]
            : rest && provider.endpointType !== undefined
              ? 'unknown'
              : [],
        endpointLine: lineOf(provider, 'endpointType') || line,
        hasPolicy: policy !== undefined,
        disableExecuteApiEndpoint:
          disable === true ? true : disable === undefined || disable === false ? false : 'unknown',
        corsByFramework: kind === 'http' ? httpApi.cors !== undefined : true,
        quickCreate: false,
      };
      apis.set(key, api);
      model.apis.push(api);
      if (domainLine)
        model.domainUses.push({ file, line: domainLine, apiKey: key, via: 'custom.customDomain' });
    }
    return api;
  };

  for (const [name, fn] of Object.entries(functions)) {
    if (!isObject(fn) || !Array.isArray(fn.events)) continue;
    fn.events.forEach((event, index) => {
      if (!isObject(event)) return;
      const line = lineOf(fn.events, index) || lineOf(functions, name);
      if (event.http !== undefined) {
        ensure(REST, 'rest', line);
        const http = event.http;
        let method: string | null = null;
        let path: string | null = null;
        let authorizer: Json = null;
        if (typeof http === 'string') {
          const [m, p] = http.trim().split(/\s+/);
          method = m ?? null;
          path = p ?? null;
        } else if (isObject(http)) {
          method = asString(http.method);
          path = asString(http.path);
          authorizer = http.authorizer ?? null;
        }
        const authType =
          typeof authorizer === 'string'
            ? authorizer
            : isObject(authorizer)
              ? (asString(authorizer.type) ?? asString(authorizer.name))
              : null;
        const normalized = path === null ? null : `/${path.replace(/^\/+/, '')}`;
        const r = route(
          file,
          line,
          REST,
          null,
          method === '*' || method?.toUpperCase() === 'ANY' ? 'ANY' : (method?.toUpperCase() ?? 'ANY'),
          normalized,
          authType?.toLowerCase() === 'aws_iam' ? 'AWS_IAM' : authType,
          isObject(http) ? lineOf(http, 'authorizer') : line,
        );
        r.fromFramework = true;
        model.routes.push(r);
      } else if (event.httpApi !== undefined) {
        ensure(HTTP, 'http', line);
        const spec = event.httpApi;
        let method = '*';
        let path = '*';
        let authorizer: Json = null;
        if (typeof spec === 'string') {
          if (spec.trim() !== '*') [method, path] = spec.trim().split(/\s+/) as [string, string];
        } else if (isObject(spec)) {
          method = asString(spec.method) ?? '*';
          path = asString(spec.path) ?? '*';
          authorizer = spec.authorizer ?? null;
        }
        const catchAll = path === '*' && method === '*';
        const authType = isObject(authorizer) ? asString(authorizer.type) : asString(authorizer);
        const r = route(
          file,
          line,
          HTTP,
          null,
          catchAll ? '$default' : method === '*' ? 'ANY' : method.toUpperCase(),
          catchAll ? '$default' : path,
          authType?.toLowerCase() === 'aws_iam' ? 'AWS_IAM' : authType,
          isObject(spec) ? lineOf(spec, 'authorizer') : line,
        );
        r.fromFramework = true;
        model.routes.push(r);
      } else if (event.websocket !== undefined) {
        ensure(WEBSOCKET, 'websocket', line);
        const spec = event.websocket;
        const routeKey = typeof spec === 'string' ? spec : isObject(spec) ? (asString(spec.route) ?? '') : '';
        const r = route(file, line, WEBSOCKET, null, routeKey, routeKey, null, line);
        r.fromFramework = true;
        model.routes.push(r);
      }
    });
  }

  const resources =
    isObject(doc.resources) && isObject(doc.resources.Resources) ? doc.resources.Resources : null;
  if (resources) readCloudFormation(resources, { file, framework: 'serverless', syntax }, model);
}
