import { asString, isObject, lineOf, type Json } from '../parse/located.js';
import type { ApiKind, DeployedBy, Framework, IacApi, IacModel, IacRoute, Syntax } from '../types.js';
import { isOpenApi, mentionsCorsHeader, openApiKind, readOpenApi } from './openapi.js';

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

export function isCloudFormation(doc: unknown): doc is Record<string, Json> {
  if (!isObject(doc) || !isObject(doc.Resources)) return false;
  return Object.values(doc.Resources).some((r) => isObject(r) && typeof r.Type === 'string');
}

export function isSam(doc: Record<string, Json>): boolean {
  const transform = doc.Transform;
  return transform === SAM_TRANSFORM || (Array.isArray(transform) && transform.includes(SAM_TRANSFORM));
}

/** The logical id a value points at: !Ref X, !GetAtt X.Attr, !Sub '${X}' or '${X.Attr}'. */
export function refOf(value: unknown): string | null {
  if (!isObject(value)) return null;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0]!;
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string') {
    const match = /^\$\{([A-Za-z0-9]+)(\.[A-Za-z.]+)?\}$/.exec(sub);
    if (match) return match[1]!;
  }
  return null;
}

function isRootResource(value: unknown): boolean {
  return /RootResourceId/.test(JSON.stringify(value ?? ''));
}

function dependsOn(resource: Record<string, Json>): string[] {
  const value = resource.DependsOn;
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function literalTypes(value: unknown): string[] | 'unknown' {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  if (list.some((v) => typeof v !== 'string')) return 'unknown';
  return (list as string[]).map((v) => v.toUpperCase());
}

function flag(value: unknown): boolean | 'unknown' {
  if (value === undefined || value === null || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  return 'unknown';
}

/** CloudFormation deployments whose logical id carries a content hash (CDK style) are replaced on change. */
function looksHashed(logicalId: string): boolean {
  return /[0-9a-f]{8,}$/i.test(logicalId) && /\d/.test(logicalId.slice(-8));
}

export interface CfnContext {
  file: string;
  framework: Framework;
  syntax: Syntax;
}

/** Reads the API Gateway pieces of a CloudFormation/SAM template (or a Serverless file's resources.Resources). */
export function readCloudFormation(
  resourcesValue: Record<string, Json>,
  context: CfnContext,
  model: IacModel,
  globals?: Json,
): void {
  const { file, framework, syntax } = context;
  const pathParts = new Map<string, { parent: Json; part: string | null }>();
  const resources = Object.entries(resourcesValue).filter((entry): entry is [string, Record<string, Json>] =>
    isObject(entry[1]),
  );
  const place = (id: string) => ({ file, line: lineOf(resourcesValue, id) });

  const api = (
    id: string,
    props: Record<string, Json>,
    kind: ApiKind,
    deployedBy: DeployedBy,
    written: Record<string, Json> = props,
  ): IacApi => {
    const endpoint = props.EndpointConfiguration;
    const types =
      deployedBy === 'sam'
        ? literalTypes(isObject(endpoint) ? endpoint.Type : endpoint)
        : literalTypes(isObject(endpoint) ? endpoint.Types : undefined);
    const body = props.Body ?? props.DefinitionBody;
    const definedByBody =
      body !== undefined || props.BodyS3Location !== undefined || props.DefinitionUri !== undefined;
    let hasPolicy: boolean | 'unknown' = props.Policy !== undefined;
    if (deployedBy === 'sam') {
      const auth = props.Auth;
      if (isObject(auth) && auth.ResourcePolicy !== undefined) hasPolicy = true;
    }
    let disable = flag(props.DisableExecuteApiEndpoint);
    const result: IacApi = {
      ...place(id),
      key: id,
      kind,
      framework,
      syntax,
      deployedBy,
      bodyDefined: definedByBody,
      endpointTypes: types,
      endpointLine: lineOf(written, 'EndpointConfiguration') || lineOf(resourcesValue, id),
      hasPolicy,
      disableExecuteApiEndpoint: disable,
      corsByFramework: props.Cors !== undefined || props.CorsConfiguration !== undefined,
      quickCreate: props.Target !== undefined,
    };
    if (isOpenApi(body)) {
      const facts = readOpenApi(body, file, id, framework);
      if (deployedBy === 'sam') facts.routes.forEach((r) => (r.fromFramework = result.corsByFramework));
      model.routes.push(...facts.routes);
      model.gatewayResponses.push(...facts.gatewayResponses);
      if (facts.hasPolicy && hasPolicy === false) result.hasPolicy = true;
      if (facts.disableExecuteApiEndpoint) disable = result.disableExecuteApiEndpoint = true;
      if (facts.cors) result.corsByFramework = true;
      if (kind === 'unknown') result.kind = openApiKind(body);
    } else if (
      body !== undefined ||
      props.BodyS3Location !== undefined ||
      props.DefinitionUri !== undefined
    ) {
      // The definition lives elsewhere (AWS::Include, S3): its policy and routes are not visible here.
      if (hasPolicy === false) result.hasPolicy = 'unknown';
    }
    model.apis.push(result);
    return result;
  };

  // SAM: implicit APIs, and the Globals.Api that every AWS::Serverless::Api inherits.
  const globalApi = isObject(globals) && isObject(globals.Api) ? globals.Api : {};
  let implicitRest: IacApi | null = null;
  let implicitHttp: IacApi | null = null;

  for (const [id, resource] of resources) {
    const type = asString(resource.Type) ?? '';
    const props = isObject(resource.Properties) ? resource.Properties : {};
    switch (type) {
      case 'AWS::ApiGateway::RestApi':
        api(id, props, 'rest', 'file');
        break;
      case 'AWS::ApiGatewayV2::Api': {
        const protocol = asString(props.ProtocolType)?.toUpperCase();
        api(
          id,
          props,
          protocol === 'HTTP' ? 'http' : protocol === 'WEBSOCKET' ? 'websocket' : 'unknown',
          'file',
        );
        if (props.Target !== undefined)
          model.routes.push(
            route(file, lineOf(resourcesValue, id), id, null, '$default', '$default', null, 0),
          );
        break;
      }
      case 'AWS::Serverless::Api':
      case 'AWS::Serverless::HttpApi': {
        const rest = type === 'AWS::Serverless::Api';
        const merged = rest ? { ...globalApi, ...props } : props;
        api(id, merged, rest ? 'rest' : 'http', 'sam', props);
        // SAM's Domain property creates the custom domain and its mapping to this API.
        if (merged.Domain !== undefined)
          model.domainUses.push({
            file,
            line: lineOf(props, 'Domain') || lineOf(resourcesValue, id),
            apiKey: id,
            via: `${id}.Domain`,
          });
        break;
      }
      case 'AWS::ApiGateway::Resource':
        pathParts.set(id, { parent: props.ParentId ?? null, part: asString(props.PathPart) });
        break;
      case 'AWS::ApiGateway::Deployment':
      case 'AWS::ApiGatewayV2::Deployment': {
        const version = type === 'AWS::ApiGateway::Deployment' ? 'v1' : 'v2';
        const metadata = resource.Metadata;
        model.deployments.push({
          ...place(id),
          key: id,
          apiKey: refOf(version === 'v1' ? props.RestApiId : props.ApiId),
          version,
          framework,
          syntax,
          dependsOn: dependsOn(resource),
          dependsOnLine: lineOf(resource, 'DependsOn') || lineOf(resourcesValue, id),
          stageName: asString(props.StageName) ?? (props.StageName !== undefined ? '(computed)' : null),
          triggers: null,
          legacyHash: looksHashed(id),
          mentions: [],
          hasCreateBeforeDestroy: false,
          note: isObject(metadata)
            ? 'Its Metadata changes nothing: CloudFormation replaces a deployment only when its logical id (or a property that requires replacement) changes.'
            : null,
        });
        break;
      }
      case 'AWS::ApiGateway::Stage':
      case 'AWS::ApiGatewayV2::Stage': {
        const version = type === 'AWS::ApiGateway::Stage' ? 'v1' : 'v2';
        model.stages.push({
          ...place(id),
          key: id,
          apiKey: refOf(version === 'v1' ? props.RestApiId : props.ApiId),
          version,
          framework,
          syntax,
          hasDeploymentId: props.DeploymentId !== undefined,
          autoDeploy: flag(props.AutoDeploy),
          autoDeployLine: lineOf(props, 'AutoDeploy') || lineOf(resourcesValue, id),
          stageName: asString(props.StageName),
        });
        break;
      }
      case 'AWS::ApiGateway::BasePathMapping':
      case 'AWS::ApiGateway::BasePathMappingV2':
      case 'AWS::ApiGatewayV2::ApiMapping': {
        const target = refOf(props.RestApiId ?? props.ApiId);
        if (target) model.domainUses.push({ ...place(id), apiKey: target, via: id });
        break;
      }
      case 'AWS::ApiGatewayV2::RoutingRule': {
        const actions = Array.isArray(props.Actions) ? props.Actions : [];
        for (const action of actions) {
          const invoke = isObject(action) && isObject(action.InvokeApi) ? action.InvokeApi : null;
          const target = invoke ? refOf(invoke.ApiId) : null;
          if (target) model.domainUses.push({ ...place(id), apiKey: target, via: id });
        }
        break;
      }
      case 'AWS::ApiGateway::GatewayResponse': {
        const templates = props.ResponseTemplates;
        model.gatewayResponses.push({
          ...place(id),
          apiKey: refOf(props.RestApiId),
          type: asString(props.ResponseType) ?? '',
          statusCode: asString(props.StatusCode),
          hasTemplates: isObject(templates) && Object.keys(templates).length > 0,
          framework,
        });
        break;
      }
    }
  }

  for (const [id, resource] of resources) {
    const type = asString(resource.Type) ?? '';
    const props = isObject(resource.Properties) ? resource.Properties : {};
    if (type === 'AWS::ApiGateway::Method') {
      const apiKey = refOf(props.RestApiId);
      const path = resolvePath(props.ResourceId, pathParts);
      const integration = props.Integration;
      const corsHeaders =
        mentionsCorsHeader(isObject(integration) ? integration.IntegrationResponses : undefined) ||
        mentionsCorsHeader(props.MethodResponses);
      model.routes.push({
        ...route(
          file,
          lineOf(resourcesValue, id),
          apiKey,
          id,
          (asString(props.HttpMethod) ?? '').toUpperCase(),
          path,
          asString(props.AuthorizationType)?.toUpperCase() ?? null,
          lineOf(props, 'AuthorizationType'),
        ),
        corsHeaders,
        resourceRef: isRootResource(props.ResourceId)
          ? `!GetAtt ${apiKey ?? 'Api'}.RootResourceId`
          : `!Ref ${refOf(props.ResourceId) ?? '?'}`,
      });
    } else if (type === 'AWS::ApiGatewayV2::Route') {
      const routeKey = asString(props.RouteKey) ?? '';
      const space = routeKey.indexOf(' ');
      model.routes.push(
        route(
          file,
          lineOf(resourcesValue, id),
          refOf(props.ApiId),
          id,
          space > 0 ? routeKey.slice(0, space).toUpperCase() : routeKey,
          space > 0 ? routeKey.slice(space + 1) : routeKey,
          asString(props.AuthorizationType)?.toUpperCase() ?? null,
          lineOf(props, 'AuthorizationType'),
        ),
      );
    } else if (type === 'AWS::Serverless::Function') {
      const events = isObject(props.Events) ? props.Events : {};
      for (const [eventName, event] of Object.entries(events)) {
        if (!isObject(event) || (event.Type !== 'Api' && event.Type !== 'HttpApi')) continue;
        const eventProps = isObject(event.Properties) ? event.Properties : {};
        const rest = event.Type === 'Api';
        let apiKey = refOf(eventProps.RestApiId ?? eventProps.ApiId);
        if (!apiKey) {
          if (rest) implicitRest ??= api('ServerlessRestApi', { ...globalApi }, 'rest', 'sam');
          else implicitHttp ??= api('ServerlessHttpApi', {}, 'http', 'sam');
          apiKey = rest ? 'ServerlessRestApi' : 'ServerlessHttpApi';
        }
        const owner = model.apis.find((a) => a.key === apiKey && a.file === file);
        const ownerResource = resourcesValue[apiKey];
        const ownerAuth =
          isObject(ownerResource) &&
          isObject(ownerResource.Properties) &&
          isObject(ownerResource.Properties.Auth)
            ? ownerResource.Properties.Auth
            : isObject(globalApi.Auth)
              ? globalApi.Auth
              : {};
        const eventAuth = isObject(eventProps.Auth) ? eventProps.Auth : {};
        const authorizer = asString(eventAuth.Authorizer) ?? asString(ownerAuth.DefaultAuthorizer);
        const method = asString(eventProps.Method)?.toUpperCase();
        const path = asString(eventProps.Path);
        const httpDefault = !rest && !method && !path;
        model.routes.push({
          ...route(
            file,
            lineOf(events, eventName),
            apiKey,
            null,
            httpDefault ? '$default' : method === 'ANY' || !method ? 'ANY' : method,
            httpDefault ? '$default' : path,
            authorizer?.toUpperCase() === 'AWS_IAM' ? 'AWS_IAM' : authorizer,
            lineOf(eventAuth, 'Authorizer') ||
              lineOf(ownerAuth, 'DefaultAuthorizer') ||
              lineOf(events, eventName),
          ),
          fromFramework: owner?.corsByFramework ?? false,
        });
      }
    }
  }
}

export function route(
  file: string,
  line: number,
  apiKey: string | null,
  key: string | null,
  method: string,
  path: string | null,
  authorization: string | null,
  authLine: number,
): IacRoute {
  return {
    file,
    line,
    apiKey,
    key,
    method,
    path,
    authorization,
    authLine: authLine || line,
    corsHeaders: false,
    integrationKeys: [],
    fromFramework: false,
  };
}

function resolvePath(
  resourceId: unknown,
  parts: Map<string, { parent: Json; part: string | null }>,
): string | null {
  const segments: string[] = [];
  let current: unknown = resourceId;
  for (let depth = 0; depth < 64; depth++) {
    if (isRootResource(current)) return `/${segments.reverse().join('/')}`;
    const id = refOf(current);
    const entry = id ? parts.get(id) : undefined;
    if (!entry || entry.part === null) return null;
    segments.push(entry.part);
    current = entry.parent;
  }
  return null;
}
