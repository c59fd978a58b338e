/**
 * `--emit terraform`: a plan as Terraform (>= 1.5) that adopts the existing REST API with `import`
 * blocks and makes the fix declaratively, so the fix is not drift the next `terraform apply` undoes.
 * Pure: the plan and what the API looks like now in, file texts out.
 *
 * This module also holds the API model both IaC emitters share (names, the deployment mode, the
 * content hash), so Terraform and CloudFormation describe the same thing.
 */
import { createHash } from 'node:crypto';
import { commentText, shellQuote } from './emit-sh.js';
import type { Action, Plan } from './types.js';

/** What the API looks like now: the IaC has to declare what it adopts. */
export interface EmitContext {
  resources: {
    path: string;
    id?: string;
    methods: Record<
      string,
      {
        authorizationType: string;
        apiKeyRequired: boolean;
        /** Optional: kept on the method when known (COGNITO_USER_POOLS, CUSTOM). */
        authorizerId?: string;
        integration?: { type: string; httpMethod?: string; uri?: string };
      }
    >;
  }[];
  apiName?: string;
  stageVariables?: Record<string, string>;
}

type CorsAction = Extract<Action, { kind: 'put-cors-options' }>;
type MappingAction = Extract<Action, { kind: 'create-base-path-mapping' }>;
export type DomainAction = Extract<
  Action,
  { kind: 'update-base-path-mapping' | 'create-api-mapping' | 'update-api-mapping' }
>;

export const isDomainAction = (a: Action): a is DomainAction =>
  a.kind === 'update-base-path-mapping' || a.kind === 'create-api-mapping' || a.kind === 'update-api-mapping';

/** The mapping's path on its domain ('' for `(none)`). */
export const mappingKey = (a: DomainAction): string =>
  a.kind === 'update-base-path-mapping' ? a.basePath : a.apiMappingKey;

export interface ModelMethod {
  verb: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  integration?: { type: string; httpMethod?: string; uri?: string };
  /** snake_case / PascalCase names, stable: derived from the path and the verb */
  snake: string;
  pascal: string;
}

export interface ModelResource {
  path: string;
  id?: string;
  parentPath: string | null;
  pathPart: string;
  methods: ModelMethod[];
  /** An ancestor the context did not list (its id is unknown). */
  synthesized: boolean;
  /** The OPTIONS method the plan adds, with its CORS headers. */
  cors?: CorsAction;
  /** The context already lists an OPTIONS method here, which the CORS fix replaces. */
  corsReplacesExisting?: boolean;
  snake: string;
  pascal: string;
}

export type DeployMode =
  | { kind: 'none' }
  | { kind: 'redeploy'; description: string }
  | { kind: 'canary'; description: string; percent: number; stableDeploymentId: string }
  | { kind: 'pin'; deploymentId: string };

export interface ApiModel {
  apiId: string;
  apiName?: string;
  region: string;
  stage?: string;
  /** The deployment the stage served when the plan was made (undefined: no stage yet, or unknown). */
  expectedDeploymentId?: string;
  rootId?: string;
  /** Root first, then by path (parents before children). */
  resources: ModelResource[];
  deploy: DeployMode;
  mappings: MappingAction[];
  /** Mappings re-pointed or added through apigatewayv2 (no stage involved). */
  domainMappings: DomainAction[];
  deletedResponses: string[];
  stageVariables?: Record<string, string>;
  /** Actions the IaC does not express, with why (for the explanation). */
  notExpressed: string[];
  /** 8 hex digits over the resources, methods, integrations and the fix: a deployment's identity. */
  hash: string;
}

/** snake_case for a Terraform name, from an API path: `/products/{productId}` → `products_product_id`. */
export function snakeName(path: string): string {
  if (path === '/') return 'root';
  let s = path
    .replace(/[{}+]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!s) s = 'resource';
  if (/^[0-9]/.test(s)) s = `r_${s}`;
  return s;
}

/** PascalCase for a CloudFormation logical id (alphanumerics only). */
export function pascalName(snake: string): string {
  return snake
    .split('_')
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

function parentOf(path: string): string | null {
  if (path === '/') return null;
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

function verbName(verb: string): string {
  return verb.toLowerCase().replace(/[^a-z0-9]+/g, '_') || 'method';
}

/** The shared model of what the IaC declares; undefined when the plan names no API. */
export function buildApiModel(plan: Plan, context: EmitContext): ApiModel | undefined {
  const apiId = plan.apiId ?? plan.actions.map((p) => p.action.apiId).find((x) => x !== undefined);
  if (apiId === undefined) return undefined;
  const stage =
    plan.stage ??
    plan.actions
      .map((p) =>
        p.action.apiId === apiId &&
        (p.action.kind === 'create-deployment' || p.action.kind === 'update-stage-deployment')
          ? p.action.stage
          : undefined,
      )
      .find((x) => x !== undefined);
  const notExpressed: string[] = [];

  // Resources: the context's, their missing ancestors, and any resource a CORS fix names.
  const byPath = new Map<string, ModelResource>();
  const ensure = (path: string, id: string | undefined, synthesized: boolean): ModelResource => {
    let r = byPath.get(path);
    if (!r) {
      const parentPath = parentOf(path);
      r = {
        path,
        parentPath,
        pathPart: path === '/' ? '' : path.slice(path.lastIndexOf('/') + 1),
        methods: [],
        synthesized,
        snake: '',
        pascal: '',
      };
      if (id !== undefined) r.id = id;
      byPath.set(path, r);
      if (parentPath !== null) ensure(parentPath, undefined, true);
    } else if (r.id === undefined && id !== undefined) {
      r.id = id;
    }
    if (!synthesized) r.synthesized = false;
    return r;
  };
  ensure('/', undefined, true);
  const contextMethods = new Map<string, EmitContext['resources'][number]['methods']>();
  for (const res of context.resources) {
    ensure(res.path, res.id, false);
    contextMethods.set(res.path, { ...contextMethods.get(res.path), ...res.methods });
  }
  for (const { action: a } of plan.actions) {
    if (a.kind !== 'put-cors-options') continue;
    if (a.apiId !== apiId) {
      notExpressed.push(`the OPTIONS method for ${a.resourcePath} of another API (${a.apiId})`);
      continue;
    }
    const r =
      [...byPath.values()].find((x) => x.id !== undefined && x.id === a.resourceId) ??
      ensure(a.resourcePath, a.resourceId, false);
    if (r.id === undefined) r.id = a.resourceId;
    r.cors = a;
  }

  const resources = [...byPath.values()].sort((a, b) =>
    a.path === '/' ? -1 : b.path === '/' ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
  const resourceNames = new Set<string>();
  const methodNames = new Set<string>();
  for (const r of resources) {
    r.snake = unique(snakeName(r.path), resourceNames);
    r.pascal = pascalName(r.snake);
    const methods = contextMethods.get(r.path) ?? {};
    for (const verb of Object.keys(methods).sort()) {
      const m = methods[verb];
      if (!m) continue;
      if (verb === 'OPTIONS' && r.cors) {
        r.corsReplacesExisting = true;
        continue;
      }
      const snake = unique(`${r.snake}_${verbName(verb)}`, methodNames);
      const method: ModelMethod = {
        verb,
        authorizationType: m.authorizationType,
        apiKeyRequired: m.apiKeyRequired,
        snake,
        pascal: pascalName(snake),
      };
      if (m.authorizerId) method.authorizerId = m.authorizerId;
      if (m.integration) method.integration = m.integration;
      r.methods.push(method);
    }
  }

  // What happens to the stage's deployment.
  let deploy: DeployMode = { kind: 'none' };
  const expectedDeploymentId = plan.expected?.deploymentId;
  for (const { action: a } of plan.actions) {
    if (a.kind !== 'create-deployment' && a.kind !== 'update-stage-deployment') continue;
    if (a.apiId !== apiId || a.stage !== stage) {
      notExpressed.push(
        `the deployment of stage ${a.stage} of API ${a.apiId} (this IaC covers stage ${stage ?? '?'} of ${apiId})`,
      );
      continue;
    }
    if (a.kind === 'create-deployment') {
      if (deploy.kind === 'redeploy' || deploy.kind === 'canary') continue;
      if (a.canaryPercent !== undefined && expectedDeploymentId !== undefined)
        deploy = {
          kind: 'canary',
          description: a.description,
          percent: a.canaryPercent,
          stableDeploymentId: expectedDeploymentId,
        };
      else {
        if (a.canaryPercent !== undefined)
          notExpressed.push(
            `the ${a.canaryPercent}% canary: the stage has no deployment yet to keep serving the rest`,
          );
        deploy = { kind: 'redeploy', description: a.description };
      }
    } else if (deploy.kind === 'none') {
      deploy = { kind: 'pin', deploymentId: a.deploymentId };
    }
  }

  const mappings: MappingAction[] = [];
  const domainMappings: DomainAction[] = [];
  const deletedResponses: string[] = [];
  for (const { action: a } of plan.actions) {
    if (a.kind === 'create-base-path-mapping') mappings.push(a);
    if (isDomainAction(a)) domainMappings.push(a);
    if (a.kind === 'delete-gateway-response') {
      if (a.apiId === apiId) deletedResponses.push(a.responseType);
      else notExpressed.push(`resetting gateway response ${a.responseType} of another API (${a.apiId})`);
    }
  }

  const hash = createHash('sha256')
    .update(
      JSON.stringify({
        resources: resources.map((r) => ({
          path: r.path,
          methods: r.methods.map((m) => [
            m.verb,
            m.authorizationType,
            m.authorizerId ?? null,
            m.apiKeyRequired,
            m.integration ?? null,
          ]),
          cors: r.cors ? [r.cors.allowOrigin, r.cors.allowMethods, r.cors.allowHeaders] : null,
        })),
        deletedResponses,
      }),
    )
    .digest('hex')
    .slice(0, 8);

  const model: ApiModel = {
    apiId,
    region: plan.region,
    resources,
    deploy,
    mappings,
    domainMappings,
    deletedResponses,
    notExpressed,
    hash,
  };
  if (context.apiName !== undefined) model.apiName = context.apiName;
  if (stage !== undefined) model.stage = stage;
  if (expectedDeploymentId !== undefined) model.expectedDeploymentId = expectedDeploymentId;
  const rootId = byPath.get('/')?.id;
  if (rootId !== undefined) model.rootId = rootId;
  if (context.stageVariables !== undefined) model.stageVariables = context.stageVariables;
  return model;
}

/** The CORS response parameters: which headers the method declares, and their static values. */
export function corsParameters(
  a: CorsAction,
  origin: string,
): { method: Record<string, boolean>; integration: Record<string, string> } {
  const h = 'method.response.header.Access-Control-Allow-';
  return {
    method: { [`${h}Headers`]: false, [`${h}Methods`]: false, [`${h}Origin`]: false },
    integration: {
      [`${h}Headers`]: `'${a.allowHeaders.join(',')}'`,
      [`${h}Methods`]: `'${a.allowMethods.join(',')}'`,
      [`${h}Origin`]: origin,
    },
  };
}

// ---- HCL text ------------------------------------------------------------------------------------

/** A quoted HCL string: escapes, and `${` / `%{` doubled so nothing in it is a template. */
export function hclString(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029)
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  // (a function replacement: in a replacement string, `$$` would mean a single `$`)
  return `"${out.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')}"`;
}

/** A list over several lines, `terraform fmt` style. */
function hclList(items: string[]): string {
  if (!items.length) return '[]';
  return `[\n${items.map((i) => `  ${i},`).join('\n')}\n]`;
}

function hclMap(entries: [string, string][]): string {
  if (!entries.length) return '{}';
  return `{\n${entries.map(([k, v]) => `  ${k} = ${v.replace(/\n/g, '\n  ')}`).join('\n')}\n}`;
}

export class HclWriter {
  private lines: string[] = [];
  private depth = 0;

  private indent(): string {
    return '  '.repeat(this.depth);
  }
  comment(text: string): this {
    this.lines.push(`${this.indent()}# ${commentText(text)}`);
    return this;
  }
  blank(): this {
    this.lines.push('');
    return this;
  }
  attr(key: string, value: string): this {
    const pad = this.indent();
    this.lines.push(`${pad}${key} = ${value.replace(/\n/g, `\n${pad}`)}`);
    return this;
  }
  open(header: string): this {
    this.lines.push(`${this.indent()}${header} {`);
    this.depth++;
    return this;
  }
  close(): this {
    this.depth--;
    this.lines.push(`${this.indent()}}`);
    return this;
  }
  block(header: string, body: (w: HclWriter) => void): this {
    this.open(header);
    body(this);
    return this.close();
  }
  toString(): string {
    const lines = this.lines.join('\n').split('\n');
    return `${alignEquals(lines)
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()}\n`;
  }
}

/** Whether the value on an attribute line ends on that line (no open bracket or string). */
function completeOnLine(value: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{' || ch === '(') depth++;
    else if (ch === ']' || ch === '}' || ch === ')') depth--;
  }
  return depth === 0 && !inString;
}

/** `terraform fmt` alignment: the `=` of adjacent one-line attributes at one indent line up. */
function alignEquals(lines: string[]): string[] {
  const attr = /^(\s*)([A-Za-z_][A-Za-z0-9_-]*|"(?:[^"\\]|\\.)*") = (.*)$/;
  const out = [...lines];
  let group: number[] = [];
  let groupIndent = '';
  const flush = (): void => {
    if (group.length > 1) {
      const width = Math.max(...group.map((i) => (attr.exec(out[i] ?? '')?.[2] ?? '').length));
      for (const i of group) {
        const m = attr.exec(out[i] ?? '');
        if (m) out[i] = `${m[1]}${(m[2] ?? '').padEnd(width)} = ${m[3]}`;
      }
    }
    group = [];
  };
  lines.forEach((line, i) => {
    const m = attr.exec(line);
    if (m && completeOnLine(m[3] ?? '')) {
      if (group.length && m[1] !== groupIndent) flush();
      groupIndent = m[1] ?? '';
      group.push(i);
    } else flush();
  });
  flush();
  return out;
}

// ---- Terraform -----------------------------------------------------------------------------------

const IGNORE = {
  method: [
    'authorization_scopes',
    'operation_name',
    'request_models',
    'request_parameters',
    'request_validator_id',
  ],
  integration: [
    'cache_key_parameters',
    'cache_namespace',
    'connection_id',
    'connection_type',
    'content_handling',
    'credentials',
    'passthrough_behavior',
    'request_parameters',
    'request_templates',
    'timeout_milliseconds',
    'tls_config',
  ],
  stage: [
    'access_log_settings',
    'cache_cluster_enabled',
    'cache_cluster_size',
    'client_certificate_id',
    'description',
    'documentation_version',
    'tags',
    'xray_tracing_enabled',
  ],
};

function resourceIdExpr(r: ModelResource): string {
  return r.path === '/'
    ? 'aws_api_gateway_rest_api.this.root_resource_id'
    : `aws_api_gateway_resource.${r.snake}.id`;
}

function addr(type: string, name: string): string {
  return `${type}.${name}`;
}

/** Terraform files that adopt the API (import blocks) and make the plan's fix declaratively. */
export function emitTerraform(
  plan: Plan,
  context: EmitContext,
): { files: Record<string, string>; explanation: string } {
  if (plan.actions.length && plan.actions.every((p) => isDomainAction(p.action)))
    return emitDomainTerraform(
      plan,
      plan.actions.map((p) => p.action as DomainAction),
    );
  const model = buildApiModel(plan, context);
  if (!model) {
    return {
      files: {},
      explanation:
        'This plan changes nothing in AWS (or names no API), so there is no Terraform to write.' +
        (plan.clientFixes.length
          ? ` Fix on the client side: ${plan.clientFixes.map((c) => c.summary).join('; ')}.`
          : ''),
    };
  }
  const { apiId, stage, deploy } = model;
  const stageName = stage !== undefined ? snakeName(`/${stage}`) : undefined;
  const depName = stageName ?? 'this';
  const stableName = `${depName}_stable`;
  const manageStage = deploy.kind !== 'none' && stage !== undefined;
  const stageExists = model.expectedDeploymentId !== undefined;

  const corsResources = model.resources.filter((r) => r.cors);
  const origins = [...new Set(corsResources.map((r) => r.cors?.allowOrigin ?? ''))];
  const originVar = (r: ModelResource): string =>
    origins.length === 1 ? 'cors_allow_origin' : `cors_allow_origin_${r.snake}`;

  // ---- imports ----
  const imports = new HclWriter();
  imports.comment(
    `Adopts what already exists in AWS (API ${apiId}) into Terraform state: nothing here is created.`,
  );
  imports.comment(
    'Terraform >= 1.5 reads these on `terraform plan`; delete this file after the first apply.',
  );
  const importBlock = (to: string, id: string): void => {
    imports.blank().block('import', (w) => w.attr('to', to).attr('id', hclString(id)));
  };
  importBlock('aws_api_gateway_rest_api.this', apiId);
  const notImported: string[] = [];
  for (const r of model.resources) {
    if (r.path !== '/') {
      if (r.id !== undefined) importBlock(addr('aws_api_gateway_resource', r.snake), `${apiId}/${r.id}`);
      else notImported.push(r.path);
    }
    const rid = r.path === '/' ? model.rootId : r.id;
    for (const m of r.methods) {
      if (rid === undefined) {
        notImported.push(`${m.verb} ${r.path}`);
        continue;
      }
      importBlock(addr('aws_api_gateway_method', m.snake), `${apiId}/${rid}/${m.verb}`);
      if (m.integration)
        importBlock(addr('aws_api_gateway_integration', m.snake), `${apiId}/${rid}/${m.verb}`);
    }
    if (r.cors && r.corsReplacesExisting && rid !== undefined) {
      importBlock(addr('aws_api_gateway_method', `${r.snake}_options`), `${apiId}/${rid}/OPTIONS`);
      importBlock(addr('aws_api_gateway_integration', `${r.snake}_options`), `${apiId}/${rid}/OPTIONS`);
    }
  }
  if (manageStage && stage !== undefined) {
    if (stageExists) importBlock(addr('aws_api_gateway_stage', depName), `${apiId}/${stage}`);
    if (deploy.kind === 'redeploy' && model.expectedDeploymentId)
      importBlock(addr('aws_api_gateway_deployment', depName), `${apiId}/${model.expectedDeploymentId}`);
    if (deploy.kind === 'canary')
      importBlock(addr('aws_api_gateway_deployment', stableName), `${apiId}/${deploy.stableDeploymentId}`);
    if (deploy.kind === 'pin')
      importBlock(addr('aws_api_gateway_deployment', depName), `${apiId}/${deploy.deploymentId}`);
  }

  // ---- variables ----
  const vars = new HclWriter();
  vars.comment('The values the fix depends on; override with -var or a .tfvars file.');
  vars
    .blank()
    .block('variable "region"', (w) =>
      w
        .attr('description', hclString('AWS Region of the API'))
        .attr('type', 'string')
        .attr('default', hclString(model.region)),
    );
  if (manageStage && stage !== undefined)
    vars
      .blank()
      .block('variable "stage_name"', (w) =>
        w
          .attr('description', hclString('Stage the fix deploys to (its import id above uses the same name)'))
          .attr('type', 'string')
          .attr('default', hclString(stage)),
      );
  for (const r of corsResources) {
    if (origins.length === 1 && r !== corsResources[0]) continue;
    vars.blank().block(`variable "${originVar(r)}"`, (w) =>
      w
        .attr(
          'description',
          hclString(
            origins.length === 1
              ? 'Origin the CORS preflight allows (Access-Control-Allow-Origin)'
              : `Origin the CORS preflight of ${r.path} allows`,
          ),
        )
        .attr('type', 'string')
        .attr('default', hclString(r.cors?.allowOrigin ?? '')),
    );
  }
  if (deploy.kind === 'canary') {
    vars.blank().block('variable "canary_percent"', (w) =>
      w
        .attr('description', hclString('Share of the stage traffic the new deployment gets before promotion'))
        .attr('type', 'number')
        .attr('default', String(deploy.percent))
        .blank()
        .block('validation', (v) =>
          v
            .attr('condition', 'var.canary_percent > 0 && var.canary_percent <= 100')
            .attr('error_message', hclString('canary_percent is a percentage: more than 0, at most 100.')),
        ),
    );
    vars
      .blank()
      .block('variable "promote_canary"', (w) =>
        w
          .attr(
            'description',
            hclString('Set to true once the canary looks healthy: the stage then serves it alone'),
          )
          .attr('type', 'bool')
          .attr('default', 'false'),
      );
  }
  if (manageStage && model.stageVariables !== undefined)
    vars.blank().block('variable "stage_variables"', (w) =>
      w
        .attr('description', hclString('Stage variables of the stage'))
        .attr('type', 'map(string)')
        .attr(
          'default',
          hclMap(
            Object.keys(model.stageVariables ?? {})
              .sort()
              .map((k) => [hclString(k), hclString(model.stageVariables?.[k] ?? '')]),
          ),
        ),
    );

  // ---- main ----
  const main = new HclWriter();
  main.comment(
    `REST API ${apiId}${model.apiName !== undefined ? ` (${model.apiName})` : ''} as apigw-doctor found it,`,
  );
  main.comment(`with the fix for ${plan.method} ${plan.url}.`);
  main.blank().block('resource "aws_api_gateway_rest_api" "this"', (w) => {
    w.attr('name', hclString(model.apiName ?? apiId));
    w.blank().block('lifecycle', (l) => {
      l.comment('Adopted only to be referenced: its settings stay exactly as they are in AWS.');
      l.attr('ignore_changes', 'all');
    });
  });
  const triggers: string[] = [];
  for (const r of model.resources) {
    if (r.path === '/') continue;
    const parent = model.resources.find((p) => p.path === r.parentPath);
    main.blank();
    if (r.synthesized) main.comment(`${r.path} was not in the input: Terraform would create it.`);
    main.block(`resource "aws_api_gateway_resource" "${r.snake}"`, (w) =>
      w
        .attr('rest_api_id', 'aws_api_gateway_rest_api.this.id')
        .attr('parent_id', parent ? resourceIdExpr(parent) : 'aws_api_gateway_rest_api.this.root_resource_id')
        .attr('path_part', hclString(r.pathPart)),
    );
    triggers.push(`aws_api_gateway_resource.${r.snake}.id`);
  }
  for (const r of model.resources) {
    for (const m of r.methods) {
      main.blank().block(`resource "aws_api_gateway_method" "${m.snake}"`, (w) => {
        w.attr('rest_api_id', 'aws_api_gateway_rest_api.this.id')
          .attr('resource_id', resourceIdExpr(r))
          .attr('http_method', hclString(m.verb))
          .attr('authorization', hclString(m.authorizationType))
          .attr('api_key_required', String(m.apiKeyRequired));
        if (m.authorizerId !== undefined) w.attr('authorizer_id', hclString(m.authorizerId));
        w.blank().block('lifecycle', (l) => {
          l.comment('Settings the diagnosis did not read stay as they are in AWS.');
          l.attr(
            'ignore_changes',
            `[${[...(m.authorizerId === undefined ? ['authorizer_id'] : []), ...IGNORE.method].join(', ')}]`,
          );
        });
      });
      triggers.push(`aws_api_gateway_method.${m.snake}.id`);
      const integration = m.integration;
      if (integration) {
        main.blank().block(`resource "aws_api_gateway_integration" "${m.snake}"`, (w) => {
          w.attr('rest_api_id', 'aws_api_gateway_rest_api.this.id')
            .attr('resource_id', resourceIdExpr(r))
            .attr('http_method', `aws_api_gateway_method.${m.snake}.http_method`)
            .attr('type', hclString(integration.type));
          if (integration.httpMethod !== undefined)
            w.attr('integration_http_method', hclString(integration.httpMethod));
          if (integration.uri !== undefined) w.attr('uri', hclString(integration.uri));
          w.blank().block('lifecycle', (l) => l.attr('ignore_changes', `[${IGNORE.integration.join(', ')}]`));
        });
        triggers.push(`aws_api_gateway_integration.${m.snake}.id`);
      }
    }
  }
  for (const r of corsResources) {
    const a = r.cors as CorsAction;
    const n = `${r.snake}_options`;
    const params = corsParameters(a, `"'\${var.${originVar(r)}}'"`);
    main.blank();
    main.comment(`CORS preflight for ${r.path}: OPTIONS answered by API Gateway itself (MOCK integration).`);
    if (r.corsReplacesExisting) main.comment('The existing OPTIONS method is imported and corrected.');
    main.block(`resource "aws_api_gateway_method" "${n}"`, (w) =>
      w
        .attr('rest_api_id', 'aws_api_gateway_rest_api.this.id')
        .attr('resource_id', resourceIdExpr(r))
        .attr('http_method', '"OPTIONS"')
        .attr('authorization', '"NONE"')
        .attr('api_key_required', 'false'),
    );
    main.blank().block(`resource "aws_api_gateway_method_response" "${n}_200"`, (w) =>
      w
        .attr('rest_api_id', 'aws_api_gateway_rest_api.this.id')
        .attr('resource_id', resourceIdExpr(r))
        .attr('http_method', `aws_api_gateway_method.${n}.http_method`)
        .attr('status_code', '"200"')
        .attr('response_models', hclMap([['"application/json"', '"Empty"']]))
        .attr(
          'response_parameters',
          hclMap(Object.entries(params.method).map(([k, v]) => [hclString(k), String(v)])),
        ),
    );
    main.blank().block(`resource "aws_api_gateway_integration" "${n}"`, (w) =>
      w
        .attr('rest_api_id', 'aws_api_gateway_rest_api.this.id')
        .attr('resource_id', resourceIdExpr(r))
        .attr('http_method', `aws_api_gateway_method.${n}.http_method`)
        .attr('type', '"MOCK"')
        .attr('request_templates', hclMap([['"application/json"', 'jsonencode({ statusCode = 200 })']])),
    );
    main.blank().block(`resource "aws_api_gateway_integration_response" "${n}_200"`, (w) =>
      w
        .attr('rest_api_id', 'aws_api_gateway_rest_api.this.id')
        .attr('resource_id', resourceIdExpr(r))
        .attr('http_method', `aws_api_gateway_method.${n}.http_method`)
        .attr('status_code', `aws_api_gateway_method_response.${n}_200.status_code`)
        .attr('response_templates', hclMap([['"application/json"', '""']]))
        .attr(
          'response_parameters',
          hclMap(
            Object.entries(params.integration).map(([k, v]) => [
              hclString(k),
              v.startsWith('"') ? v : hclString(v),
            ]),
          ),
        )
        .blank()
        .attr('depends_on', `[aws_api_gateway_integration.${n}]`),
    );
    triggers.push(
      `aws_api_gateway_method.${n}.id`,
      `aws_api_gateway_method_response.${n}_200.id`,
      `aws_api_gateway_integration.${n}.id`,
      `aws_api_gateway_integration_response.${n}_200.id`,
    );
  }
  for (const t of model.deletedResponses) {
    main.blank();
    main.comment(`Gateway response ${t}: reset to AWS's default by a one-off command before the first apply`);
    main.comment('(see the explanation); the trigger below redeploys after it.');
    triggers.push(hclString(`gateway-response-reset:${t}`));
  }

  if (manageStage && stage !== undefined) {
    const deployment = addr('aws_api_gateway_deployment', depName);
    const triggerBlock = (w: HclWriter): void => {
      w.blank();
      w.comment('A deployment is a snapshot: any change to a resource, method or integration changes this');
      w.comment('hash and Terraform re-creates the deployment, so the stage never serves a stale copy.');
      w.block('triggers =', (t) => t.attr('redeployment', `sha1(jsonencode(${hclList(triggers)}))`));
    };
    if (deploy.kind === 'canary') {
      main.blank();
      main.comment(
        `The deployment stage ${stage} serves now (${deploy.stableDeploymentId}), kept until the canary is promoted.`,
      );
      main.block(`resource "aws_api_gateway_deployment" "${stableName}"`, (w) =>
        w
          .attr('rest_api_id', 'aws_api_gateway_rest_api.this.id')
          .blank()
          .block('lifecycle', (l) => l.attr('ignore_changes', '[description]')),
      );
    }
    main.blank().block(`resource "aws_api_gateway_deployment" "${depName}"`, (w) => {
      w.attr('rest_api_id', 'aws_api_gateway_rest_api.this.id');
      if (deploy.kind === 'redeploy' || deploy.kind === 'canary')
        w.attr('description', hclString(deploy.description));
      triggerBlock(w);
      w.blank().block('lifecycle', (l) => {
        l.attr('create_before_destroy', 'true');
        if (deploy.kind === 'pin') {
          l.comment(
            `Imported as is (${deploy.deploymentId}, the deployment the plan points the stage at). Delete this`,
          );
          l.comment('line after the first apply: from then on, changes re-create the deployment.');
          l.attr('ignore_changes', '[triggers, description]');
        }
      });
    });
    main.blank().block(`resource "aws_api_gateway_stage" "${depName}"`, (w) => {
      w.attr('rest_api_id', 'aws_api_gateway_rest_api.this.id').attr('stage_name', 'var.stage_name');
      if (deploy.kind === 'canary') {
        w.attr(
          'deployment_id',
          `var.promote_canary ? ${deployment}.id : aws_api_gateway_deployment.${stableName}.id`,
        );
      } else w.attr('deployment_id', `${deployment}.id`);
      if (model.stageVariables !== undefined) w.attr('variables', 'var.stage_variables');
      if (deploy.kind === 'canary') {
        w.blank();
        w.comment('Until promote_canary is true, canary_percent of the traffic goes to the new deployment.');
        w.block('dynamic "canary_settings"', (d) =>
          d
            .attr('for_each', 'var.promote_canary ? [] : [var.canary_percent]')
            .blank()
            .block('content', (c) =>
              c
                .attr('deployment_id', `${deployment}.id`)
                .attr('percent_traffic', 'canary_settings.value')
                .attr('use_stage_cache', 'false'),
            ),
        );
      }
      w.blank().block('lifecycle', (l) => {
        l.comment('Stage settings the diagnosis did not read stay as they are in AWS.');
        const ignore = [...IGNORE.stage];
        if (deploy.kind !== 'canary') ignore.push('canary_settings');
        if (model.stageVariables === undefined) ignore.push('variables');
        l.attr('ignore_changes', `[${ignore.sort().join(', ')}]`);
      });
    });
  }
  for (const m of model.mappings) {
    const sameApi = m.apiId === apiId;
    const name = snakeName(`/${m.domainName}/${m.basePath || 'root'}`);
    main.blank().block(`resource "aws_api_gateway_base_path_mapping" "${name}"`, (w) => {
      w.attr('domain_name', hclString(m.domainName));
      if (m.basePath !== '' && m.basePath !== '(none)') w.attr('base_path', hclString(m.basePath));
      w.attr('api_id', sameApi ? 'aws_api_gateway_rest_api.this.id' : hclString(m.apiId));
      w.attr(
        'stage_name',
        sameApi && manageStage && m.stage === stage
          ? `aws_api_gateway_stage.${depName}.stage_name`
          : hclString(m.stage),
      );
    });
  }

  const files: Record<string, string> = {};
  // canary_settings.deployment_id on aws_api_gateway_stage arrived with provider 6.0
  files['versions.tf'] = versionsTf(deploy.kind === 'canary' ? '6.0' : '5.0');
  writeDomainMappings(model.domainMappings, main, imports, vars);
  files['variables.tf'] = vars.toString();
  files['imports.tf'] = imports.toString();
  files['main.tf'] = main.toString();
  const movedTo =
    deploy.kind === 'canary' ? stableName : deploy.kind === 'redeploy' && stageExists ? depName : undefined;
  if (manageStage && movedTo !== undefined && movedTo !== 'this') {
    files['moved.tf'] = new HclWriter()
      .comment('A configuration that already manages the deployment as aws_api_gateway_deployment.this')
      .comment('keeps it (no destroy and re-create from the rename); a no-op otherwise.')
      .blank()
      .block('moved', (w) =>
        w.attr('from', 'aws_api_gateway_deployment.this').attr('to', `aws_api_gateway_deployment.${movedTo}`),
      )
      .toString();
  }

  return {
    files,
    explanation: terraformExplanation(plan, model, { depName, stableName, notImported, manageStage }),
  };
}

function terraformExplanation(
  plan: Plan,
  model: ApiModel,
  names: { depName: string; stableName: string; notImported: string[]; manageStage: boolean },
): string {
  const { deploy, apiId, stage } = model;
  const methods = model.resources.reduce((n, r) => n + r.methods.length, 0);
  const integrations = model.resources.reduce((n, r) => n + r.methods.filter((m) => m.integration).length, 0);
  const out: string[] = [];
  out.push(
    `Terraform for REST API ${apiId}${model.apiName !== undefined ? ` (${model.apiName})` : ''}${stage !== undefined ? `, stage ${stage}` : ''}, in ${model.region}: Terraform >= 1.5, AWS provider ${deploy.kind === 'canary' ? '>= 6.0' : '>= 5.0'}.`,
  );
  out.push('Why this shape:');
  out.push(
    `- Adopt, do not re-create: the API already exists, so import blocks bring it into state (the REST API, ${model.resources.length - 1} resources, ${methods} methods, ${integrations} integrations${names.manageStage ? ', the stage and its deployment' : ''}). A fix made with the console or the CLI is drift the next apply of your own IaC can undo; declared here, it stays. Settings the diagnosis did not read are in ignore_changes, so adopting them changes nothing.`,
  );
  if (names.manageStage) {
    out.push(
      `- Deployments are snapshots: editing a method changes nothing a stage serves until a new deployment is made. aws_api_gateway_deployment.${names.depName} hashes every resource, method and integration in its triggers, so any change re-creates it; create_before_destroy makes the new deployment and moves the stage before the old one is deleted (without it: "Active stages pointing to this deployment must be moved or deleted").`,
    );
  }
  if (deploy.kind === 'redeploy' && model.expectedDeploymentId) {
    out.push(
      `- The imported deployment ${model.expectedDeploymentId} has no triggers in state, so the first apply replaces it: that is the redeployment the plan asks for. Terraform deletes ${model.expectedDeploymentId} afterwards; to keep it as a rollback target, delete its import block (Terraform then creates the new deployment and leaves ${model.expectedDeploymentId} alone).`,
    );
  } else if (deploy.kind === 'redeploy') {
    out.push('- The stage does not exist yet: Terraform creates the deployment and the stage.');
  } else if (deploy.kind === 'canary') {
    out.push(
      `- Canary: the stage keeps serving ${deploy.stableDeploymentId} (imported as aws_api_gateway_deployment.${names.stableName}) and sends var.canary_percent (${deploy.percent}%) to the new deployment. Watch it, then apply again with -var promote_canary=true: the stage serves the new deployment alone.`,
    );
  } else if (deploy.kind === 'pin') {
    out.push(
      `- The stage is pointed at the existing deployment ${deploy.deploymentId}, imported as is; ignore_changes = [triggers] keeps the first apply from re-creating it. Remove that line afterwards.`,
    );
  } else {
    out.push('- The plan changes no deployment, so the stage is left out.');
  }
  if (model.resources.some((r) => r.cors)) {
    out.push(
      '- CORS: the OPTIONS method, its method and integration responses and a MOCK integration are new resources; they are in the deployment triggers, so the preflight is deployed with them. The origin is var.cors_allow_origin.',
    );
  }
  if (deploy.kind === 'redeploy' || deploy.kind === 'canary') {
    const moved = deploy.kind === 'canary' ? names.stableName : names.depName;
    if (moved !== 'this' && (deploy.kind === 'canary' || model.expectedDeploymentId))
      out.push(
        `- moved.tf: if your configuration already has this deployment as aws_api_gateway_deployment.this, the rename to ${moved} moves it in state instead of destroying it; without such state it does nothing.`,
      );
  }
  if (model.mappings.length)
    out.push(
      `- Base path mappings are created: ${model.mappings.map((m) => `${m.domainName}/${m.basePath || '(none)'} → ${m.apiId}/${m.stage}`).join(', ')}.`,
    );
  for (const a of model.domainMappings)
    out.push(
      `- ${a.domainName}/${mappingKey(a) || '(none)'} → ${a.apiId}/${a.stage}: ${a.kind === 'create-api-mapping' ? 'a new apigatewayv2 API mapping' : 'the existing mapping is imported and re-pointed'} (var.${domainMappingName(a)}_stage).`,
    );
  for (const t of model.deletedResponses) {
    out.push(
      `- Gateway response ${t}: Terraform cannot delete what it does not manage. Run once, before the apply (the deployment triggers then publish it):`,
      `    aws apigateway delete-gateway-response --rest-api-id ${shellQuote(apiId)} --response-type ${shellQuote(t)} --region ${shellQuote(model.region)}`,
    );
  }
  if (names.notImported.length)
    out.push(
      `- Not imported (no id in the input, so Terraform would try to create them): ${names.notImported.join(', ')}.`,
    );
  if (model.notExpressed.length) out.push(`- Not in this Terraform: ${model.notExpressed.join('; ')}.`);
  const managed = plan.blastRadius?.managedBy;
  if (managed)
    out.push(
      `- Careful: this API is managed by ${managed.tool}${managed.name ? ` (${managed.name})` : ''}. Prefer making the same change there; importing it here as well puts it under two owners.`,
    );
  out.push(
    `Run: terraform init && terraform plan -out fix.tfplan (review: the imports${names.manageStage ? ', the new deployment, the stage update' : ''}${model.mappings.length || model.resources.some((r) => r.cors) ? ', the new resources' : ''}) && terraform apply fix.tfplan`,
  );
  // one line per point: no newline or terminal escape from a plan value survives (the commands are quoted)
  return out.map((line) => (line.startsWith(' ') ? line : commentText(line))).join('\n');
}

// ---- custom-domain mappings (no stage involved) ---------------------------------------------------

function domainMappingName(a: DomainAction): string {
  return snakeName(`/${a.domainName}/${mappingKey(a) || 'root'}`);
}

/**
 * A re-pointed mapping is imported (it exists) and declared with the corrected stage as a variable; a
 * new apigatewayv2 API mapping is declared only. Import ids: `domain/base-path` (`domain/` for the
 * `(none)` mapping) for aws_api_gateway_base_path_mapping, `api-mapping-id/domain` for
 * aws_apigatewayv2_api_mapping (the AWS provider's documented import formats).
 */
function writeDomainMappings(
  actions: DomainAction[],
  main: HclWriter,
  imports: HclWriter,
  vars: HclWriter,
): void {
  for (const a of actions) {
    const name = domainMappingName(a);
    const key = mappingKey(a);
    const stageVar = `${name}_stage`;
    const where = `${a.domainName}/${key || '(none)'}`;
    vars.blank().block(`variable "${stageVar}"`, (w) =>
      w
        .attr(
          'description',
          hclString(
            'previous' in a
              ? `Stage the mapping ${where} serves (it named ${a.previous.apiId}/${a.previous.stage ?? '(no stage)'}, which does not exist)`
              : `Stage the new mapping ${where} serves`,
          ),
        )
        .attr('type', 'string')
        .attr('default', hclString(a.stage)),
    );
    if (a.kind === 'update-base-path-mapping') {
      imports
        .blank()
        .block('import', (w) =>
          w
            .attr('to', `aws_api_gateway_base_path_mapping.${name}`)
            .attr('id', hclString(`${a.domainName}/${key}`)),
        );
      main.blank();
      main.comment(`${where}: imported as it is, then pointed at var.${stageVar}.`);
      main.block(`resource "aws_api_gateway_base_path_mapping" "${name}"`, (w) => {
        w.attr('domain_name', hclString(a.domainName));
        if (key) w.attr('base_path', hclString(key));
        w.attr('api_id', hclString(a.apiId)).attr('stage_name', `var.${stageVar}`);
      });
      continue;
    }
    if (a.kind === 'update-api-mapping')
      imports
        .blank()
        .block('import', (w) =>
          w
            .attr('to', `aws_apigatewayv2_api_mapping.${name}`)
            .attr('id', hclString(`${a.apiMappingId}/${a.domainName}`)),
        );
    main.blank();
    main.comment(
      a.kind === 'update-api-mapping'
        ? `${where} (API mapping ${a.apiMappingId}): imported as it is, then pointed at var.${stageVar}.`
        : `${where}: a new API mapping (apigatewayv2${key.includes('/') ? ': a multi-level path' : ''}) to ${a.apiKind} API ${a.apiId}.`,
    );
    main.block(`resource "aws_apigatewayv2_api_mapping" "${name}"`, (w) => {
      w.attr('api_id', hclString(a.apiId))
        .attr('domain_name', hclString(a.domainName))
        .attr('stage', `var.${stageVar}`);
      if (key) w.attr('api_mapping_key', hclString(key));
    });
  }
}

/** Terraform for a plan that only re-points or adds custom-domain mappings: no API to adopt. */
function emitDomainTerraform(
  plan: Plan,
  actions: DomainAction[],
): { files: Record<string, string>; explanation: string } {
  const imports = new HclWriter();
  imports.comment('Adopts the existing mappings into Terraform state: nothing here is created.');
  imports.comment(
    'Terraform >= 1.5 reads these on `terraform plan`; delete this file after the first apply.',
  );
  const vars = new HclWriter();
  vars.comment('The values the fix depends on; override with -var or a .tfvars file.');
  vars
    .blank()
    .block('variable "region"', (w) =>
      w
        .attr('description', hclString('AWS Region of the custom domain'))
        .attr('type', 'string')
        .attr('default', hclString(plan.region)),
    );
  const main = new HclWriter();
  main.comment(
    `Custom-domain mappings as apigw-doctor found them, with the fix for ${plan.method} ${plan.url}.`,
  );
  writeDomainMappings(actions, main, imports, vars);
  const files: Record<string, string> = {
    'versions.tf': versionsTf('5.0'),
    'variables.tf': vars.toString(),
    'main.tf': main.toString(),
  };
  if (actions.some((a) => a.kind !== 'create-api-mapping')) files['imports.tf'] = imports.toString();
  const out: string[] = [
    `Terraform for the custom-domain mappings of ${[...new Set(actions.map((a) => a.domainName))].join(', ')}, in ${plan.region}: Terraform >= 1.5, AWS provider >= 5.0.`,
    'Why this shape:',
  ];
  for (const a of actions) {
    const where = `${a.domainName}/${mappingKey(a) || '(none)'}`;
    if (a.kind === 'create-api-mapping')
      out.push(
        `- ${where} is created as aws_apigatewayv2_api_mapping.${domainMappingName(a)} → ${a.apiKind} API ${a.apiId}, stage var.${domainMappingName(a)}_stage (${a.stage})${mappingKey(a).includes('/') ? ': a multi-level base path, which only API mappings (apigatewayv2) can express' : a.apiKind === 'HTTP' ? ': an HTTP API is mapped with apigatewayv2' : ''}.`,
      );
    else
      out.push(
        `- ${where} exists and names ${a.previous.apiId}/${a.previous.stage ?? '(no stage)'}, which does not exist: the import block adopts it (nothing changes), the resource points it at ${a.apiId}/${a.stage} (var.${domainMappingName(a)}_stage). A change made with the CLI is drift your IaC can undo; declared here, it stays.`,
      );
  }
  const managed = plan.blastRadius?.managedBy;
  if (managed)
    out.push(
      `- Careful: the API is managed by ${managed.tool}${managed.name ? ` (${managed.name})` : ''}; if that code declares this mapping too, make the change there instead.`,
    );
  out.push(
    'Run: terraform init && terraform plan -out fix.tfplan (review the imports and the mapping changes) && terraform apply fix.tfplan',
  );
  return { files, explanation: out.map((line) => commentText(line)).join('\n') };
}

/** versions.tf: Terraform and AWS provider versions, and the provider's region. */
function versionsTf(minimumAwsProvider: string): string {
  return new HclWriter()
    .comment('Generated by apigw-doctor: review `terraform plan` before applying.')
    .blank()
    .block('terraform', (w) =>
      w
        .attr('required_version', '">= 1.5.0"')
        .blank()
        .block('required_providers', (p) =>
          p.attr(
            'aws',
            hclMap([
              ['source', '"hashicorp/aws"'],
              ['version', `">= ${minimumAwsProvider}"`],
            ]),
          ),
        ),
    )
    .blank()
    .block('provider "aws"', (w) => w.attr('region', 'var.region'))
    .toString();
}
