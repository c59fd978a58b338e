import type { FindingTarget } from '../diagnose/rule.js';
import type { Diagnosis } from '../diagnose/run.js';
import { diffRoutes } from '../diagnose/route-diff.js';
import { awsCli } from '../diagnose/helpers.js';
import type { Inventory, RestApiModel, RestStage } from '../model/types.js';
import type { Action, BlastRadius, ClientFix, Plan, PlannedAction } from './types.js';

/**
 * From a diagnosis to a plan: pure. Each fixable finding becomes actions with their undo and the
 * AWS CLI equivalent; findings where nothing in AWS is wrong become client-side fixes; the rest are
 * listed as not fixed, with why.
 */

/** Findings whose fix is on the caller's side: the URL, the signature, the key. */
const CLIENT_SIDE = new Set([
  'stage-missing-in-url',
  'stage-not-found',
  'near-miss-path',
  'stage-in-custom-domain-path',
  'iam-unsigned',
  'iam-bad-authorization-header',
  'iam-signature-scope',
  'api-key-missing',
  'not-an-api-endpoint',
  'api-not-found',
  'vpce-api-id-missing',
  'private-api-outside-vpc',
  'public-api-via-vpc-endpoint',
  'execute-api-endpoint-disabled',
  'authorizer-identity-missing',
]);

const NOT_AUTOMATED: Record<string, string> = {
  'method-not-found': 'adding a method needs an integration you choose; the finding lists the commands',
  'root-no-method': 'adding a method needs an integration you choose; the finding lists the commands',
  'resource-not-found': 'the route exists nowhere; create it in your definition, then deploy',
  'integration-error': 'the integration settings are yours to choose; the finding lists the command',
  'custom-gateway-response': 'customised on purpose, most likely; the finding lists how to reset it',
  'resource-policy-denied': 'a resource policy is a security decision; the finding lists the change',
  'canary-route-mismatch': 'promote or remove the canary deliberately; the finding lists the commands',
  'backend-error': 'the backend answered: its own logs say why',
  'missing-permission': 'grant the read permissions, then diagnose again',
};

export interface PlanOptions {
  canaryPercent?: number;
  /** Origin allowed by an added CORS preflight (defaults to the request's Origin). */
  corsOrigin?: string;
  /** Reset customised gateway responses that hide the real answer (one-way: needs --allow-irreversible). */
  resetGatewayResponses?: boolean;
  now?: Date;
}

function describe(action: Action): {
  summary: string;
  undo: string | null;
  reversible: boolean;
  cli: (region: string) => string[];
} {
  switch (action.kind) {
    case 'create-deployment':
      return {
        summary: action.canaryPercent
          ? `deploy API ${action.apiId} to stage ${action.stage} as a ${action.canaryPercent}% canary, verify, then promote`
          : `deploy API ${action.apiId} to stage ${action.stage}`,
        undo: `point stage ${action.stage} back at its previous deployment (apigw-doctor rollback BACKUP_DIR)`,
        reversible: true,
        cli: (region) => [
          awsCli(
            'apigateway',
            'create-deployment',
            {
              'rest-api-id': action.apiId,
              'stage-name': action.stage,
              description: action.description,
              ...(action.canaryPercent
                ? { 'canary-settings': `percentTraffic=${action.canaryPercent}` }
                : {}),
            },
            region,
          ),
        ],
      };
    case 'update-stage-deployment':
      return {
        summary: `point stage ${action.stage} of ${action.apiId} at deployment ${action.deploymentId}`,
        undo: 'point it back at the previous deployment',
        reversible: true,
        cli: (region) => [
          awsCli(
            'apigateway',
            'update-stage',
            {
              'rest-api-id': action.apiId,
              'stage-name': action.stage,
              'patch-operations': `op=replace,path=/deploymentId,value=${action.deploymentId}`,
            },
            region,
          ),
        ],
      };
    case 'put-cors-options': {
      const base = {
        'rest-api-id': action.apiId,
        'resource-id': action.resourceId,
        'http-method': 'OPTIONS',
      };
      return {
        summary: `add an OPTIONS method (MOCK integration answering the CORS headers) to ${action.resourcePath}`,
        undo: `delete the OPTIONS method of ${action.resourcePath}`,
        reversible: true,
        cli: (region) => [
          awsCli('apigateway', 'put-method', { ...base, 'authorization-type': 'NONE' }, region),
          awsCli(
            'apigateway',
            'put-integration',
            { ...base, type: 'MOCK', 'request-templates': '{"application/json":"{\\"statusCode\\": 200}"}' },
            region,
          ),
          awsCli(
            'apigateway',
            'put-method-response',
            {
              ...base,
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
              ...base,
              'status-code': '200',
              'response-parameters': JSON.stringify({
                'method.response.header.Access-Control-Allow-Origin': `'${action.allowOrigin}'`,
                'method.response.header.Access-Control-Allow-Methods': `'${action.allowMethods.join(',')}'`,
                'method.response.header.Access-Control-Allow-Headers': `'${action.allowHeaders.join(',')}'`,
              }),
            },
            region,
          ),
        ],
      };
    }
    case 'create-base-path-mapping':
      return {
        summary: `map ${action.domainName}/${action.basePath || '(none)'} to ${action.apiId}/${action.stage}`,
        undo: `delete the base path mapping ${action.basePath || '(none)'} of ${action.domainName}`,
        reversible: true,
        cli: (region) => [
          awsCli(
            'apigateway',
            'create-base-path-mapping',
            {
              'domain-name': action.domainName,
              'rest-api-id': action.apiId,
              stage: action.stage,
              ...(action.basePath ? { 'base-path': action.basePath } : {}),
            },
            region,
          ),
        ],
      };
    case 'update-base-path-mapping': {
      const where = `${action.domainName}/${action.basePath || '(none)'}`;
      const from = `${action.previous.apiId}/${action.previous.stage ?? '(no stage)'}`;
      return {
        summary: `point the base path mapping ${where} at ${action.apiId}/${action.stage} (it maps ${from}, which does not exist)`,
        undo: `point ${where} back at ${from}: that restores the broken state (its requests answer 403 Forbidden again); AWS refuses a mapping to a missing stage, so when it does, undo deletes the mapping instead`,
        reversible: true,
        cli: (region) => [
          awsCli(
            'apigateway',
            'update-base-path-mapping',
            {
              'domain-name': action.domainName,
              'base-path': action.basePath || '(none)',
              'patch-operations': mappingPatch(action)
                .map((o) => `op=${o.op},path=${o.path},value=${o.value}`)
                .join(' '),
            },
            region,
          ),
        ],
      };
    }
    case 'create-api-mapping':
      return {
        summary: `map ${action.domainName}/${action.apiMappingKey || '(none)'} to ${action.apiKind === 'HTTP' ? 'HTTP' : 'REST'} API ${action.apiId} stage ${action.stage} (an apigatewayv2 API mapping${action.apiMappingKey.includes('/') ? ': a multi-level base path' : ''})`,
        undo: `delete the API mapping ${action.apiMappingKey || '(none)'} of ${action.domainName}`,
        reversible: true,
        cli: (region) => [
          awsCli(
            'apigatewayv2',
            'create-api-mapping',
            {
              'domain-name': action.domainName,
              'api-id': action.apiId,
              stage: action.stage,
              'api-mapping-key': action.apiMappingKey || undefined,
            },
            region,
          ),
        ],
      };
    case 'update-api-mapping': {
      const where = `${action.domainName}/${action.apiMappingKey || '(none)'}`;
      const from = `${action.previous.apiId}/${action.previous.stage ?? '(no stage)'}`;
      return {
        summary: `point the API mapping ${where} at ${action.apiId}/${action.stage} (it maps ${from}, which does not exist)`,
        undo: `point ${where} back at ${from}: that restores the broken state; AWS refuses a mapping to a missing stage, so when it does, undo deletes the mapping instead`,
        reversible: true,
        cli: (region) => [
          awsCli(
            'apigatewayv2',
            'update-api-mapping',
            {
              'domain-name': action.domainName,
              'api-mapping-id': action.apiMappingId,
              'api-id': action.apiId,
              stage: action.stage,
            },
            region,
          ),
        ],
      };
    }
    case 'delete-gateway-response':
      return {
        summary: `reset the ${action.responseType} gateway response of ${action.apiId} to AWS's default`,
        undo: `put the saved ${action.responseType} response back (put-gateway-response with the status, parameters and templates from the backup); the stage's previous deployment still serves it`,
        reversible: true,
        cli: (region) => [
          awsCli(
            'apigateway',
            'delete-gateway-response',
            { 'rest-api-id': action.apiId, 'response-type': action.responseType },
            region,
          ),
        ],
      };
  }
}

/** The patch operations of UpdateBasePathMapping: the stage, and the API when it changes too. */
export function mappingPatch(
  action: Extract<Action, { kind: 'update-base-path-mapping' }>,
): { op: 'replace'; path: string; value: string }[] {
  return [
    ...(action.apiId !== action.previous.apiId
      ? [{ op: 'replace' as const, path: '/restapiId', value: action.apiId }]
      : []),
    { op: 'replace' as const, path: '/stage', value: action.stage },
  ];
}

/** The mapping action a finding's target asks for: v1 base path mapping, or an apigatewayv2 API mapping. */
function mappingAction(target: NonNullable<FindingTarget['domainMapping']>): Action {
  const v2 = target.apiKind === 'HTTP' || target.basePath.includes('/');
  const current = target.current;
  if (current) {
    if (v2 && current.apiMappingId)
      return {
        kind: 'update-api-mapping',
        domainName: target.domainName,
        apiMappingId: current.apiMappingId,
        apiMappingKey: target.basePath,
        apiId: target.apiId,
        apiKind: target.apiKind,
        stage: target.stage,
        previous: { apiId: current.apiId, ...(current.stage !== undefined ? { stage: current.stage } : {}) },
      };
    return {
      kind: 'update-base-path-mapping',
      domainName: target.domainName,
      basePath: target.basePath,
      apiId: target.apiId,
      stage: target.stage,
      previous: { apiId: current.apiId, ...(current.stage !== undefined ? { stage: current.stage } : {}) },
    };
  }
  if (v2)
    return {
      kind: 'create-api-mapping',
      domainName: target.domainName,
      apiMappingKey: target.basePath,
      apiId: target.apiId,
      apiKind: target.apiKind,
      stage: target.stage,
    };
  return {
    kind: 'create-base-path-mapping',
    domainName: target.domainName,
    basePath: target.basePath,
    apiId: target.apiId,
    stage: target.stage,
  };
}

const MAPPING_KINDS = new Set<Action['kind']>([
  'create-base-path-mapping',
  'update-base-path-mapping',
  'create-api-mapping',
  'update-api-mapping',
]);

/** Which requests a mapping change moves, from what answer, to which API stage (and its routes). */
function requestsMoved(inventory: Inventory, action: Action, sim: Diagnosis['simulation']): string[] {
  if (!('domainName' in action)) return [];
  const key =
    action.kind === 'create-api-mapping' || action.kind === 'update-api-mapping'
      ? action.apiMappingKey
      : action.basePath;
  const domain = inventory.domains.find((d) => d.domainName === action.domainName);
  const others = (domain?.mappings ?? [])
    .filter((m) => m.basePath !== key)
    .map((m) => (m.basePath ? `/${m.basePath}` : '(none)'));
  const scope = key
    ? `every request under https://${action.domainName}/${key}/`
    : `every request to https://${action.domainName} that no other mapping takes${others.length ? ` (${others.join(', ')} keep theirs)` : ''}`;
  const before =
    'previous' in action
      ? `now 403 Forbidden: the mapping names ${action.previous.apiId}/${action.previous.stage ?? '(no stage)'}, which does not exist`
      : `now 403 Forbidden: no mapping`;
  const api = inventory.apis.find((a) => a.id === action.apiId);
  let routes: string[] = [];
  let serves = 'which serves';
  if (api?.kind === 'REST') {
    const stage = api.stages.find((s) => s.name === action.stage);
    // Without the stage's export, the API's configuration stands in (the stage may serve less of it).
    if (!stage?.resources) serves = 'whose API configures';
    routes = (stage?.resources ?? api.currentResources ?? []).flatMap((r) =>
      Object.keys(r.methods ?? {}).map((m) => `${m} ${r.path}`),
    );
  } else if (api) routes = api.routes.map((r) => r.routeKey);
  const listed = routes.slice(0, 12).join(', ') + (routes.length > 12 ? `, … (${routes.length} in all)` : '');
  return [
    `${scope} (${before}) goes to API ${action.apiId} stage ${action.stage}${routes.length ? `, ${serves} ${listed}` : ''}`,
    `the request diagnosed: ${sim.request.method} ${sim.request.url}`,
  ];
}

function planned(action: Action, findingId: string, region: string): PlannedAction {
  const d = describe(action);
  return {
    action,
    findingId,
    summary: d.summary,
    undo: d.undo,
    reversible: d.reversible,
    cli: d.cli(region),
  };
}

/** Who manages the API, from the tags CloudFormation (SAM, CDK, Serverless) or Terraform users set. */
export function managedBy(api: RestApiModel): BlastRadius['managedBy'] {
  const tags = api.tags ?? {};
  const stack = tags['aws:cloudformation:stack-name'];
  const drift =
    'a change made here is drift: the next deployment of that stack can revert it; fix the template too (apigw-doctor fix --emit cloudformation|terraform)';
  if (tags['aws:cdk:path'] || Object.keys(tags).some((k) => k.startsWith('aws:cdk')))
    return { tool: 'CDK', ...(stack ? { name: stack } : {}), warning: drift };
  if (stack && (tags.STAGE !== undefined || /serverless/i.test(JSON.stringify(tags))))
    return { tool: 'Serverless Framework', name: stack, warning: drift };
  if (stack && (api.name === 'ServerlessRestApi' || tags['lambda:createdBy'] === 'SAM'))
    return { tool: 'AWS SAM', name: stack, warning: drift };
  if (stack) return { tool: 'CloudFormation', name: stack, warning: drift };
  const terraform = Object.entries(tags).find(([k, v]) => /terraform/i.test(k) || /terraform/i.test(v));
  if (terraform) return { tool: 'Terraform', warning: drift.replace('that stack', 'that configuration') };
  return undefined;
}

function blastRadius(inventory: Inventory, api: RestApiModel, stage: RestStage): BlastRadius {
  const routeChanges =
    stage.resources && api.currentResources
      ? diffRoutes(stage.resources, api.currentResources)
      : { added: [], removed: [], changed: [] };
  const radius: BlastRadius = {
    routeChanges,
    otherStages: api.stages
      .filter((s) => s.name !== stage.name)
      .map((s) => `${s.name} (deployment ${s.deploymentId ?? '?'}, not changed)`),
    domains: inventory.domains.flatMap((d) =>
      d.mappings
        .filter((m) => m.apiId === api.id && m.stage === stage.name)
        .map((m) => `${d.domainName}/${m.basePath || '(none)'}`),
    ),
  };
  const owner = managedBy(api);
  if (owner) radius.managedBy = owner;
  return radius;
}

export function makePlan(diagnosis: Diagnosis, inventory: Inventory, options: PlanOptions = {}): Plan {
  const sim = diagnosis.simulation;
  const region = diagnosis.region;
  const api = sim.api?.kind === 'REST' ? sim.api : undefined;
  const stage = api ? (sim.stage as RestStage | undefined) : undefined;
  const plan: Plan = {
    apigwDoctorPlan: 1,
    createdAt: (options.now ?? new Date()).toISOString(),
    url: sim.request.url,
    method: sim.request.method,
    region,
    actions: [],
    clientFixes: [],
    blastRadius: null,
    notFixed: [],
  };
  if (api) {
    plan.apiId = api.id;
    if (api.accountId) plan.accountId = api.accountId;
  }
  if (stage) {
    plan.stage = stage.name;
    plan.expected = {};
    if (stage.deploymentId) plan.expected.deploymentId = stage.deploymentId;
    if (stage.lastUpdatedDate) plan.expected.stageLastUpdated = stage.lastUpdatedDate;
  }
  const deploy = (findingId: string, what: string): void => {
    if (!api || !stage || plan.actions.some((a) => a.action.kind === 'create-deployment')) return;
    const action: Action = {
      kind: 'create-deployment',
      apiId: api.id,
      stage: stage.name,
      description: `apigw-doctor: ${what}`,
    };
    if (options.canaryPercent) action.canaryPercent = options.canaryPercent;
    plan.actions.push(planned(action, findingId, region));
  };
  for (const finding of diagnosis.findings) {
    if (finding.severity === 'info') continue;
    if (finding.id === 'not-deployed' && api && stage && sim.facts.routeMiss?.inCurrentConfig) {
      const route = sim.facts.routeMiss.inCurrentConfig;
      deploy(finding.id, `deploy ${route.httpMethod} ${route.resourcePath}`);
      continue;
    }
    if (finding.id === 'not-deployed') {
      plan.notFixed.push({
        findingId: finding.id,
        reason: 'the route is only in your definition: import it (put-rest-api) first',
      });
      continue;
    }
    if (finding.id === 'cors-preflight-no-options' && api && stage) {
      const target = sim.facts.routeMiss?.samePath.find((r) => r.methods.length > 0);
      const resourceId = target ? api.currentResources?.find((r) => r.path === target.path)?.id : undefined;
      if (target && resourceId) {
        const origin = options.corsOrigin ?? sim.request.headers.origin;
        if (!origin) {
          plan.notFixed.push({ findingId: finding.id, reason: 'no Origin to allow: pass --cors-origin' });
          continue;
        }
        plan.actions.push(
          planned(
            {
              kind: 'put-cors-options',
              apiId: api.id,
              resourceId,
              resourcePath: target.path,
              allowOrigin: origin,
              allowMethods: ['OPTIONS', ...target.methods.filter((m) => m !== 'ANY')],
              allowHeaders: [
                'Content-Type',
                'Authorization',
                'X-Amz-Date',
                'X-Api-Key',
                'X-Amz-Security-Token',
              ],
            },
            finding.id,
            region,
          ),
        );
        deploy(finding.id, `add CORS preflight to ${target.path}`);
        continue;
      }
    }
    // A domain mapping that is missing, or names a stage that does not exist: the rule says which, as data.
    const mappingTarget = finding.target?.domainMapping;
    if (
      (finding.id === 'custom-domain-no-mapping' || finding.id === 'stage-not-found') &&
      mappingTarget &&
      sim.domain
    ) {
      plan.actions.push(planned(mappingAction(mappingTarget), finding.id, region));
      continue;
    }
    if (finding.id === 'execute-api-disable-pending' && api) {
      const stageName = /--stage-name (\S+)/.exec(finding.fix?.commands[0] ?? '')?.[1];
      const target = api.stages.find((s) => s.name === stageName);
      if (target) {
        plan.actions.push(
          planned(
            {
              kind: 'create-deployment',
              apiId: api.id,
              stage: target.name,
              description: 'apigw-doctor: apply disableExecuteApiEndpoint',
            },
            finding.id,
            region,
          ),
        );
        continue;
      }
    }
    if (finding.id === 'custom-gateway-response' && options.resetGatewayResponses && api && stage) {
      const type = sim.facts.gatewayResponse?.via ?? sim.facts.gatewayResponse?.type;
      if (type) {
        plan.actions.push(
          planned({ kind: 'delete-gateway-response', apiId: api.id, responseType: type }, finding.id, region),
        );
        deploy(finding.id, `reset the ${type} gateway response`);
        continue;
      }
    }
    if (CLIENT_SIDE.has(finding.id)) {
      const fix: ClientFix = {
        findingId: finding.id,
        summary: finding.fix?.summary ?? finding.title,
        commands: finding.fix?.commands ?? [],
      };
      if (finding.fix?.correctedUrl) fix.correctedUrl = finding.fix.correctedUrl;
      plan.clientFixes.push(fix);
      continue;
    }
    if (finding.severity === 'error' || NOT_AUTOMATED[finding.id]) {
      plan.notFixed.push({
        findingId: finding.id,
        reason: NOT_AUTOMATED[finding.id] ?? 'no automatic fix for this finding',
      });
    }
  }
  // A deployment publishes the configuration as it is then: it goes after every change it must ship.
  plan.actions.sort(
    (a, b) => Number(a.action.kind === 'create-deployment') - Number(b.action.kind === 'create-deployment'),
  );
  // A domain fix names the API stage it maps to: that is what the backup is filed under.
  const mapping = plan.actions.find((a) => MAPPING_KINDS.has(a.action.kind))?.action;
  if (mapping && 'stage' in mapping && (!plan.apiId || !plan.stage)) {
    plan.apiId = mapping.apiId;
    plan.stage = mapping.stage;
  }
  if (api && stage && plan.actions.some((a) => a.action.kind === 'create-deployment'))
    plan.blastRadius = blastRadius(inventory, api, stage);
  const moved = plan.actions.flatMap((a) =>
    MAPPING_KINDS.has(a.action.kind) ? requestsMoved(inventory, a.action, sim) : [],
  );
  if (moved.length) {
    plan.blastRadius ??= {
      routeChanges: { added: [], removed: [], changed: [] },
      otherStages: [],
      domains: [],
    };
    plan.blastRadius.requestsMoved = moved;
    const target = inventory.apis.find((a) => a.id === plan.apiId);
    const owner = target?.kind === 'REST' ? managedBy(target) : undefined;
    if (owner && !plan.blastRadius.managedBy) plan.blastRadius.managedBy = owner;
  }
  return plan;
}

/** The dry-run text: what would change, its blast radius, and the commands. */
export function planToText(plan: Plan): string {
  const out: string[] = [];
  out.push(
    `Plan for ${plan.method} ${plan.url}${plan.apiId ? ` (API ${plan.apiId}${plan.stage ? `, stage ${plan.stage}` : ''}, ${plan.region})` : ''}`,
  );
  if (plan.actions.length === 0) out.push('  Nothing to change in AWS.');
  plan.actions.forEach((a, i) => {
    out.push(`  ${i + 1}. ${a.summary}  [fixes ${a.findingId}]`);
    out.push(`     undo: ${a.undo ?? 'cannot be undone (needs --allow-irreversible)'}`);
    for (const c of a.cli) out.push(`     $ ${c}`);
  });
  const b = plan.blastRadius;
  if (b?.requestsMoved?.length) {
    out.push('', 'Blast radius: requests that change destination');
    for (const r of b.requestsMoved) out.push(`  > ${r}`);
  }
  if (b && plan.actions.some((a) => a.action.kind === 'create-deployment')) {
    const total = b.routeChanges.added.length + b.routeChanges.removed.length + b.routeChanges.changed.length;
    out.push(
      '',
      `Blast radius: deploying ships ${total} route change${total === 1 ? '' : 's'} to stage ${plan.stage}`,
    );
    for (const r of b.routeChanges.added) out.push(`  + ${r}`);
    for (const r of b.routeChanges.removed) out.push(`  - ${r}`);
    for (const r of b.routeChanges.changed) out.push(`  ~ ${r}`);
    if (b.domains.length) out.push(`  served through custom domains: ${b.domains.join(', ')}`);
    if (b.otherStages.length) out.push(`  other stages: ${b.otherStages.join('; ')}`);
  }
  if (b) {
    if (b.managedBy)
      out.push(
        `  ! managed by ${b.managedBy.tool}${b.managedBy.name ? ` (${b.managedBy.name})` : ''}: ${b.managedBy.warning}`,
      );
  }
  if (plan.clientFixes.length) {
    out.push('', 'Fix on the client side (nothing in AWS is wrong):');
    for (const f of plan.clientFixes) {
      out.push(`  - ${f.summary}  [${f.findingId}]`);
      if (f.correctedUrl && !f.summary.includes(f.correctedUrl)) out.push(`    ${f.correctedUrl}`);
      for (const c of f.commands.filter((c) => !c.startsWith('#'))) out.push(`    $ ${c}`);
    }
  }
  if (plan.notFixed.length) {
    out.push('', 'Not fixed automatically:');
    for (const n of plan.notFixed) out.push(`  - ${n.findingId}: ${n.reason}`);
  }
  if (plan.actions.length)
    out.push(
      '',
      'Dry run: nothing was changed. Run again with --apply to back up, apply, verify (and roll back on failure).',
    );
  return `${out.join('\n')}\n`;
}
