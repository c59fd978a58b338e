import { isTfLiteral, tfReferences, tfTarget, type TfResource } from '../parse/terraform.js';
import { mentionsCorsHeader } from './openapi.js';
import { route } from './cloudformation.js';
import type { IacModel } from '../types.js';

function first(value: unknown): Record<string, unknown> | null {
  if (Array.isArray(value)) return (value[0] as Record<string, unknown>) ?? null;
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
}

function literalFlag(value: unknown): boolean | 'unknown' {
  if (value === undefined || value === null || value === false) return false;
  if (value === true) return true;
  return 'unknown';
}

const HASH_FUNCTIONS = /\b(filesha1|filesha256|filemd5|filebase64sha256|md5|sha1|sha256|timestamp)\(/;

/** Reads the API Gateway resources of one Terraform module (all .tf files of one folder). */
export function readTerraform(resources: TfResource[], model: IacModel): void {
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const of = (type: string) => resources.filter((r) => r.type === type);

  for (const r of of('aws_api_gateway_rest_api')) {
    const endpoint = first(r.body.endpoint_configuration);
    const types = endpoint?.types;
    const policyResource = of('aws_api_gateway_rest_api_policy').some(
      (p) => tfTarget(p.body.rest_api_id) === r.address,
    );
    model.apis.push({
      file: r.file,
      line: r.line,
      key: r.address,
      kind: 'rest',
      framework: 'terraform',
      syntax: 'hcl',
      deployedBy: 'file',
      bodyDefined: r.body.body !== undefined,
      endpointTypes:
        types === undefined
          ? []
          : Array.isArray(types) && types.every((t) => typeof t === 'string' && isTfLiteral(t))
            ? (types as string[]).map((t) => t.toUpperCase())
            : 'unknown',
      endpointLine: r.lineOf('endpoint_configuration'),
      hasPolicy: r.body.policy !== undefined || policyResource,
      disableExecuteApiEndpoint: literalFlag(r.body.disable_execute_api_endpoint),
      corsByFramework: false,
      quickCreate: false,
    });
  }
  for (const r of of('aws_apigatewayv2_api')) {
    // Quick create only when target is a literal or a plain reference (not `cond ? var.target : null`).
    const quickCreate =
      r.body.target !== undefined && (isTfLiteral(r.body.target) || tfTarget(r.body.target) !== null);
    const protocol = typeof r.body.protocol_type === 'string' ? r.body.protocol_type.toUpperCase() : '';
    model.apis.push({
      file: r.file,
      line: r.line,
      key: r.address,
      kind: protocol === 'HTTP' ? 'http' : protocol === 'WEBSOCKET' ? 'websocket' : 'unknown',
      framework: 'terraform',
      syntax: 'hcl',
      deployedBy: 'file',
      bodyDefined: r.body.body !== undefined,
      endpointTypes: [],
      endpointLine: r.line,
      hasPolicy: false,
      disableExecuteApiEndpoint: literalFlag(r.body.disable_execute_api_endpoint),
      corsByFramework: r.body.cors_configuration !== undefined,
      quickCreate,
    });
    if (quickCreate)
      model.routes.push(route(r.file, r.line, r.address, null, '$default', '$default', null, r.line));
  }

  // REST resources → paths.
  const pathOf = (resourceId: unknown, depth = 0): string | null => {
    if (typeof resourceId === 'string' && /\.root_resource_id\}$/.test(resourceId)) return '/';
    const target = tfTarget(resourceId);
    const resource = target ? byAddress.get(target) : undefined;
    if (!resource || resource.type !== 'aws_api_gateway_resource' || depth > 64) return null;
    const part = resource.body.path_part;
    if (typeof part !== 'string' || !isTfLiteral(part)) return null;
    const parent = pathOf(resource.body.parent_id, depth + 1);
    return parent === null ? null : `${parent === '/' ? '' : parent}/${part}`;
  };
  for (const r of of('aws_api_gateway_resource')) {
    const api = tfTarget(r.body.rest_api_id);
    if (api) model.tfParts.push({ address: r.address, apiKey: api, kind: 'resource' });
  }

  const integrations = of('aws_api_gateway_integration');
  const responses = [...of('aws_api_gateway_integration_response'), ...of('aws_api_gateway_method_response')];
  for (const r of of('aws_api_gateway_method')) {
    const api = tfTarget(r.body.rest_api_id);
    const method = typeof r.body.http_method === 'string' ? r.body.http_method.toUpperCase() : '';
    const sameMethod = (other: TfResource) =>
      other.body.resource_id === r.body.resource_id &&
      (tfTarget(other.body.http_method) === r.address || other.body.http_method === r.body.http_method);
    const attached = integrations.filter(sameMethod);
    const item = route(
      r.file,
      r.line,
      api,
      r.address,
      method,
      pathOf(r.body.resource_id),
      typeof r.body.authorization === 'string' ? r.body.authorization.toUpperCase() : null,
      r.lineOf('authorization'),
    );
    item.integrationKeys = attached.map((i) => i.address);
    if (typeof r.body.resource_id === 'string')
      item.resourceRef = r.body.resource_id.replace(/^\$\{(.*)\}$/, '$1');
    item.corsHeaders = responses
      .filter(sameMethod)
      .some((x) => mentionsCorsHeader(x.body.response_parameters));
    model.routes.push(item);
    if (api) {
      model.tfParts.push({ address: r.address, apiKey: api, kind: 'method' });
      for (const i of attached) model.tfParts.push({ address: i.address, apiKey: api, kind: 'integration' });
    }
  }
  for (const r of of('aws_apigatewayv2_route')) {
    const api = tfTarget(r.body.api_id);
    const routeKey =
      typeof r.body.route_key === 'string' && isTfLiteral(r.body.route_key) ? r.body.route_key : null;
    const space = routeKey ? routeKey.indexOf(' ') : -1;
    model.routes.push(
      route(
        r.file,
        r.line,
        api,
        r.address,
        routeKey === null ? '' : space > 0 ? routeKey.slice(0, space).toUpperCase() : routeKey,
        routeKey === null ? null : space > 0 ? routeKey.slice(space + 1) : routeKey,
        typeof r.body.authorization_type === 'string' ? r.body.authorization_type.toUpperCase() : null,
        r.lineOf('authorization_type'),
      ),
    );
    if (api) model.tfParts.push({ address: r.address, apiKey: api, kind: 'route' });
  }
  for (const r of of('aws_apigatewayv2_integration')) {
    const api = tfTarget(r.body.api_id);
    if (api) model.tfParts.push({ address: r.address, apiKey: api, kind: 'v2-integration' });
  }

  for (const r of [...of('aws_api_gateway_deployment'), ...of('aws_apigatewayv2_deployment')]) {
    const v1 = r.type === 'aws_api_gateway_deployment';
    const triggers = r.body.triggers;
    const lifecycle = first(r.body.lifecycle);
    const legacy = [r.body.stage_description, r.body.description, r.body.variables].some((v) =>
      HASH_FUNCTIONS.test(JSON.stringify(v ?? '')),
    );
    const dependsOn = Array.isArray(r.body.depends_on)
      ? r.body.depends_on.flatMap((d) => tfReferences(d))
      : [];
    model.deployments.push({
      file: r.file,
      line: r.line,
      key: r.address,
      apiKey: tfTarget(v1 ? r.body.rest_api_id : r.body.api_id),
      version: v1 ? 'v1' : 'v2',
      framework: 'terraform',
      syntax: 'hcl',
      dependsOn,
      dependsOnLine: r.lineOf('depends_on'),
      stageName: typeof r.body.stage_name === 'string' ? r.body.stage_name : null,
      triggers:
        triggers === undefined
          ? null
          : {
              line: r.lineOf('triggers'),
              refs: tfReferences(triggers),
              hashesFiles: /\bfile(sha1|sha256|md5|base64sha256)?\(/.test(JSON.stringify(triggers)),
            },
      legacyHash: legacy,
      mentions: tfReferences(r.body),
      hasCreateBeforeDestroy: lifecycle?.create_before_destroy === true,
      note: null,
    });
  }
  for (const r of [...of('aws_api_gateway_stage'), ...of('aws_apigatewayv2_stage')]) {
    const v1 = r.type === 'aws_api_gateway_stage';
    model.stages.push({
      file: r.file,
      line: r.line,
      key: r.address,
      apiKey: tfTarget(v1 ? r.body.rest_api_id : r.body.api_id),
      version: v1 ? 'v1' : 'v2',
      framework: 'terraform',
      syntax: 'hcl',
      hasDeploymentId: r.body.deployment_id !== undefined,
      autoDeploy: literalFlag(r.body.auto_deploy),
      autoDeployLine: r.lineOf('auto_deploy'),
      stageName:
        typeof (v1 ? r.body.stage_name : r.body.name) === 'string'
          ? String(v1 ? r.body.stage_name : r.body.name)
          : null,
    });
  }
  for (const r of [...of('aws_api_gateway_base_path_mapping'), ...of('aws_apigatewayv2_api_mapping')]) {
    const api = tfTarget(r.body.api_id ?? r.body.rest_api_id);
    if (api) model.domainUses.push({ file: r.file, line: r.line, apiKey: api, via: r.address });
  }
  for (const r of of('aws_api_gateway_gateway_response')) {
    const templates = r.body.response_templates;
    model.gatewayResponses.push({
      file: r.file,
      line: r.line,
      apiKey: tfTarget(r.body.rest_api_id),
      type: typeof r.body.response_type === 'string' ? r.body.response_type : '',
      statusCode: typeof r.body.status_code === 'string' ? r.body.status_code : null,
      hasTemplates: !!templates && typeof templates === 'object' && Object.keys(templates).length > 0,
      framework: 'terraform',
    });
  }
}
