import { createHash } from 'node:crypto';
import {
  DEFAULT_RESPONSE_TEMPLATE,
  GATEWAY_RESPONSE_DEFAULTS,
  type GatewayResponseDefault,
} from '../model/gateway-responses.js';
import type { Basis, GatewayResponseConfig, RestApiModel, RestStage } from '../model/types.js';
import type { PredictedResponse } from './types.js';

export interface ResponseContext {
  method: string;
  url: string;
  stage?: string;
  apiId?: string;
  resourcePath?: string;
  path: string;
  domainName: string;
  headers: Record<string, string>;
  stageVariables: Record<string, string>;
  /** An edge-optimised API answers through CloudFront, which adds its own headers. */
  edge: boolean;
}

/** Stable stand-ins for the ids AWS generates, so a prediction is the same on every run. */
export function requestIds(ctx: Pick<ResponseContext, 'method' | 'url'>): {
  requestId: string;
  apigwId: string;
} {
  const hex = createHash('sha256').update(`${ctx.method} ${ctx.url}`).digest('hex');
  const requestId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  const apigwId = Buffer.from(hex.slice(32, 44), 'hex')
    .toString('base64')
    .replace(/[+/=]/g, 'A')
    .slice(0, 16);
  return { requestId, apigwId };
}

function baseHeaders(ctx: ResponseContext, contentType: string, body: string): Record<string, string> {
  const { requestId, apigwId } = requestIds(ctx);
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(body)),
    'x-amzn-RequestId': requestId,
    'x-amz-apigw-id': apigwId,
  };
  if (ctx.edge) {
    headers['X-Cache'] = 'Error from cloudfront';
    headers.Via = '1.1 0000000000000000000000000000000.cloudfront.net (CloudFront)';
  }
  return headers;
}

/** An answer no gateway response customises (no stage, disabled endpoint, non-SigV4 header…). */
export function plainError(
  ctx: ResponseContext,
  status: number,
  message: string,
  errorType: string | undefined,
  messageKey: 'message' | 'Message' = 'message',
): PredictedResponse {
  const body = JSON.stringify({ [messageKey]: message });
  const headers = baseHeaders(ctx, 'application/json', body);
  if (errorType) headers['x-amzn-ErrorType'] = errorType;
  return { status, headers, body, source: 'api-gateway' };
}

/** An HTTP API's own answers carry `apigw-requestid` and no x-amzn-ErrorType we could source. */
export function httpApiError(ctx: ResponseContext, status: number, message: string): PredictedResponse {
  const body = JSON.stringify({ message });
  const { apigwId } = requestIds(ctx);
  return {
    status,
    headers: {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(body)),
      'apigw-requestid': apigwId,
    },
    body,
    source: 'api-gateway',
  };
}

export interface RenderedGatewayResponse {
  response: PredictedResponse;
  customised: boolean;
  via?: string;
  basis: Basis;
}

/**
 * Renders a gateway response of `type` for a REST API: the stage's deployed customisation if known,
 * else the API's current one, falling back to DEFAULT_4XX/DEFAULT_5XX, then AWS's default.
 * x-amzn-ErrorType stays the type's own even when customised (documented sample, §4.2).
 */
export function renderGatewayResponse(
  type: string,
  api: RestApiModel | undefined,
  stage: RestStage | undefined,
  ctx: ResponseContext,
  message?: string,
): RenderedGatewayResponse {
  const defaults: GatewayResponseDefault =
    GATEWAY_RESPONSE_DEFAULTS[type] ?? GATEWAY_RESPONSE_DEFAULTS.MISSING_AUTHENTICATION_TOKEN!;
  const configured = stage?.gatewayResponses ?? api?.gatewayResponses;
  const familyDefault = `DEFAULT_${defaults.family}`;
  let chosen: GatewayResponseConfig | undefined;
  let via: string | undefined;
  const own = configured?.[type];
  if (own && own.defaultResponse !== true) {
    chosen = own;
    via = type;
  } else {
    const family = configured?.[familyDefault];
    if (family && family.defaultResponse !== true) {
      chosen = family;
      via = familyDefault;
    }
  }
  const messageString = message ?? defaults.message;
  const status = chosen?.statusCode ? Number(chosen.statusCode) : defaults.status;
  const templates = chosen?.responseTemplates;
  const [contentType, template] = pickTemplate(templates);
  const errorContext = {
    message: messageString,
    responseType: type,
    messageKey: defaults.messageKey ?? 'message',
  };
  const body =
    template === DEFAULT_RESPONSE_TEMPLATE && errorContext.messageKey === 'Message'
      ? JSON.stringify({ Message: messageString })
      : renderTemplate(template, ctx, errorContext);
  const headers = baseHeaders(ctx, contentType, body);
  if (defaults.errorType) headers['x-amzn-ErrorType'] = defaults.errorType;
  for (const [name, value] of Object.entries(chosen?.responseParameters ?? {})) {
    const headerName = name.startsWith('gatewayresponse.header.')
      ? name.slice('gatewayresponse.header.'.length)
      : undefined;
    if (!headerName) continue;
    const resolved = resolveParameter(value, ctx);
    if (resolved !== undefined) headers[headerName] = resolved;
  }
  const rendered: RenderedGatewayResponse = {
    response: {
      status: Number.isFinite(status) ? status : defaults.status,
      headers,
      body,
      source: 'api-gateway',
    },
    // Only a changed status or body counts: added headers (the console's "Enable CORS") change nothing the caller reads as the error.
    customised:
      chosen !== undefined &&
      ((chosen.statusCode !== undefined && Number(chosen.statusCode) !== defaults.status) ||
        (template !== DEFAULT_RESPONSE_TEMPLATE && templates !== undefined)),
    basis: defaults.basis,
  };
  if (via) rendered.via = via;
  return rendered;
}

function pickTemplate(templates: Record<string, string> | undefined): [string, string] {
  if (!templates || Object.keys(templates).length === 0)
    return ['application/json', DEFAULT_RESPONSE_TEMPLATE];
  if (templates['application/json'] !== undefined) return ['application/json', templates['application/json']];
  const [first] = Object.entries(templates);
  return [first![0], first![1]];
}

const VARIABLE =
  /\$\{((?:context|stageVariables)(?:\.[A-Za-z0-9_-]+)+)\}|\$((?:context|stageVariables)(?:\.[A-Za-z0-9_-]+)+)/g;

/** A small subset of VTL: the `$context`, `$context.error` and `$stageVariables` references. */
export function renderTemplate(
  template: string,
  ctx: ResponseContext,
  error: { message: string; responseType: string },
): string {
  return template.replace(VARIABLE, (whole, braced: string | undefined, bare: string | undefined) => {
    const value = lookupReference((braced ?? bare)!, ctx, error);
    return value === undefined ? whole : value;
  });
}

function lookupReference(
  reference: string,
  ctx: ResponseContext,
  error: { message: string; responseType: string },
): string | undefined {
  const { requestId } = requestIds(ctx);
  switch (reference) {
    case 'context.error.messageString':
      return JSON.stringify(error.message);
    case 'context.error.message':
      return error.message;
    case 'context.error.responseType':
      return error.responseType;
    case 'context.requestId':
    case 'context.extendedRequestId':
      return requestId;
    case 'context.stage':
      return ctx.stage ?? '';
    case 'context.apiId':
      return ctx.apiId ?? '';
    case 'context.httpMethod':
      return ctx.method;
    case 'context.resourcePath':
      return ctx.resourcePath ?? '';
    case 'context.path':
      return ctx.path;
    case 'context.domainName':
      return ctx.domainName;
  }
  if (reference.startsWith('stageVariables.'))
    return ctx.stageVariables[reference.slice('stageVariables.'.length)] ?? '';
  return undefined;
}

function resolveParameter(value: string, ctx: ResponseContext): string | undefined {
  const v = value.trim();
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1);
  if (v.startsWith('method.request.header.'))
    return ctx.headers[v.slice('method.request.header.'.length).toLowerCase()];
  if (v.startsWith('stageVariables.')) return ctx.stageVariables[v.slice('stageVariables.'.length)];
  if (v.startsWith('context.')) return lookupReference(v, ctx, { message: '', responseType: '' });
  return undefined;
}
