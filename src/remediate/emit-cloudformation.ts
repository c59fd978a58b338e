/**
 * `--emit cloudformation`: a plan as one CloudFormation template used twice. First with
 * Phase=import in an IMPORT change set, which adopts the existing API, resources, methods and stage
 * (each `DeletionPolicy: Retain`) and changes nothing in AWS; then with Phase=deploy (or canary,
 * then promote) in an UPDATE, which creates the content-hashed deployment and the fix. CloudFormation
 * cannot import and create in one change set, hence the phase parameter. Pure: text out.
 */
import { stringify } from 'yaml';
import { commentText, shellQuote } from './emit-sh.js';
import {
  buildApiModel,
  corsParameters,
  isDomainAction,
  mappingKey,
  type DomainAction,
  pascalName,
  snakeName,
  type ApiModel,
  type EmitContext,
  type ModelResource,
} from './emit-terraform.js';
import type { Plan } from './types.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface ImportEntry {
  ResourceType: string;
  LogicalResourceId: string;
  ResourceIdentifier: Record<string, string>;
}

const ref = (id: string): Json => ({ Ref: id });
const retain = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' } as const;

/** The logical id of the deployment: its content hash in the name, so a change re-creates it. */
export function deploymentLogicalId(model: ApiModel): string {
  return `Deployment${model.hash}`;
}

export function emitCloudFormation(
  plan: Plan,
  context: EmitContext,
): { template: string; explanation: string } {
  if (plan.actions.length && plan.actions.every((p) => isDomainAction(p.action)))
    return emitDomainCloudFormation(
      plan,
      plan.actions.map((p) => p.action as DomainAction),
    );
  const model = buildApiModel(plan, context);
  if (!model) {
    return {
      template: stringify(
        {
          AWSTemplateFormatVersion: '2010-09-09',
          Description: 'apigw-doctor: nothing to change in AWS',
          Resources: {},
        },
        { version: '1.1', lineWidth: 0 },
      ),
      explanation: 'This plan changes nothing in AWS (or names no API), so the template is empty.',
    };
  }
  const { apiId, stage, deploy } = model;
  const canary = deploy.kind === 'canary';
  const manageStage = deploy.kind !== 'none' && stage !== undefined;
  const stageExists = model.expectedDeploymentId !== undefined;
  const depId = deploymentLogicalId(model);
  const stageId = stage !== undefined ? `Stage${pascalName(snakeName(`/${stage}`)) || 'Stage'}` : 'Stage';
  const resources: Record<string, Json> = {};
  const toImport: ImportEntry[] = [];
  const methodIds: string[] = [];
  const created: string[] = [];

  resources.RestApi = {
    Type: 'AWS::ApiGateway::RestApi',
    ...retain,
    // without the name (the input did not say), a parameter: CloudFormation needs one, and a guess
    // would rename the API on the first update that touches it
    Properties: { Name: model.apiName !== undefined ? model.apiName : ref('ApiName') },
  };
  toImport.push({
    ResourceType: 'AWS::ApiGateway::RestApi',
    LogicalResourceId: 'RestApi',
    ResourceIdentifier: { RestApiId: apiId },
  });

  // A resource is imported when its id and all its ancestors' ids are known; otherwise it is created
  // in the deploy phase (and CloudFormation reports a conflict if it exists after all).
  const imported = new Map<string, boolean>();
  const isImported = (r: ModelResource): boolean => {
    if (r.path === '/') return model.rootId !== undefined;
    const cached = imported.get(r.path);
    if (cached !== undefined) return cached;
    const parent = model.resources.find((p) => p.path === r.parentPath);
    const v = r.id !== undefined && (parent === undefined || parent.path === '/' || isImported(parent));
    imported.set(r.path, v);
    return v;
  };
  const resourceLogicalId = (r: ModelResource): string => `Resource${r.pascal}`;
  const resourceRef = (r: ModelResource): Json =>
    r.path === '/' ? { 'Fn::GetAtt': ['RestApi', 'RootResourceId'] } : ref(resourceLogicalId(r));
  const notImported: string[] = [];

  for (const r of model.resources) {
    if (r.path === '/') continue;
    const parent = model.resources.find((p) => p.path === r.parentPath);
    const id = resourceLogicalId(r);
    const imp = isImported(r);
    resources[id] = {
      Type: 'AWS::ApiGateway::Resource',
      ...(imp ? retain : { Condition: 'Deploy' }),
      Properties: {
        RestApiId: ref('RestApi'),
        ParentId: parent ? resourceRef(parent) : { 'Fn::GetAtt': ['RestApi', 'RootResourceId'] },
        PathPart: r.pathPart,
      },
    };
    if (imp && r.id !== undefined)
      toImport.push({
        ResourceType: 'AWS::ApiGateway::Resource',
        LogicalResourceId: id,
        ResourceIdentifier: { RestApiId: apiId, ResourceId: r.id },
      });
    else {
      notImported.push(r.path);
      created.push(id);
    }
  }
  for (const r of model.resources) {
    const imp = isImported(r);
    const rid = r.path === '/' ? model.rootId : r.id;
    for (const m of r.methods) {
      const id = `Method${m.pascal}`;
      const props: Record<string, Json> = {
        RestApiId: ref('RestApi'),
        ResourceId: resourceRef(r),
        HttpMethod: m.verb,
        AuthorizationType: m.authorizationType,
        ApiKeyRequired: m.apiKeyRequired,
      };
      if (m.authorizerId !== undefined) props.AuthorizerId = m.authorizerId;
      if (m.integration) {
        const integration: Record<string, Json> = { Type: m.integration.type };
        if (m.integration.httpMethod !== undefined)
          integration.IntegrationHttpMethod = m.integration.httpMethod;
        if (m.integration.uri !== undefined) integration.Uri = m.integration.uri;
        props.Integration = integration;
      }
      resources[id] = {
        Type: 'AWS::ApiGateway::Method',
        ...(imp ? retain : { Condition: 'Deploy' }),
        Properties: props,
      };
      methodIds.push(id);
      if (imp && rid !== undefined)
        toImport.push({
          ResourceType: 'AWS::ApiGateway::Method',
          LogicalResourceId: id,
          ResourceIdentifier: { RestApiId: apiId, ResourceId: rid, HttpMethod: m.verb },
        });
      else {
        notImported.push(`${m.verb} ${r.path}`);
        created.push(id);
      }
    }
  }
  const corsResources = model.resources.filter((r) => r.cors);
  const origins = [...new Set(corsResources.map((r) => r.cors?.allowOrigin ?? ''))];
  const originParam = (r: ModelResource): string =>
    origins.length === 1 ? 'CorsAllowOrigin' : `CorsAllowOrigin${r.pascal}`;
  for (const r of corsResources) {
    const a = r.cors;
    if (!a) continue;
    const id = `Method${r.pascal}Options`;
    const params = corsParameters(a, '');
    const origin = Object.keys(params.integration).find((k) => k.endsWith('Origin')) ?? '';
    const integrationParams: Record<string, Json> = { ...params.integration };
    integrationParams[origin] = { 'Fn::Sub': `'\${${originParam(r)}}'` };
    resources[id] = {
      Type: 'AWS::ApiGateway::Method',
      Condition: 'Deploy',
      Properties: {
        RestApiId: ref('RestApi'),
        ResourceId: resourceRef(r),
        HttpMethod: 'OPTIONS',
        AuthorizationType: 'NONE',
        ApiKeyRequired: false,
        Integration: {
          Type: 'MOCK',
          RequestTemplates: { 'application/json': '{"statusCode": 200}' },
          IntegrationResponses: [
            {
              StatusCode: '200',
              ResponseParameters: integrationParams,
              ResponseTemplates: { 'application/json': '' },
            },
          ],
        },
        MethodResponses: [
          {
            StatusCode: '200',
            ResponseParameters: params.method,
            ResponseModels: { 'application/json': 'Empty' },
          },
        ],
      },
    };
    methodIds.push(id);
    created.push(id);
  }

  if (manageStage && stage !== undefined) {
    if (deploy.kind === 'redeploy' || deploy.kind === 'canary') {
      resources[depId] = {
        Type: 'AWS::ApiGateway::Deployment',
        Condition: 'Deploy',
        DependsOn: methodIds,
        Properties: { RestApiId: ref('RestApi'), Description: deploy.description },
      };
      created.push(depId);
    }
    let deploymentId: Json;
    if (deploy.kind === 'canary')
      deploymentId = { 'Fn::If': ['Promote', ref(depId), deploy.stableDeploymentId] };
    else if (deploy.kind === 'pin')
      deploymentId = stageExists
        ? { 'Fn::If': ['Deploy', deploy.deploymentId, model.expectedDeploymentId ?? ''] }
        : deploy.deploymentId;
    else
      deploymentId = stageExists
        ? { 'Fn::If': ['Deploy', ref(depId), model.expectedDeploymentId ?? ''] }
        : ref(depId);
    const props: Record<string, Json> = {
      RestApiId: ref('RestApi'),
      StageName: stage,
      DeploymentId: deploymentId,
    };
    if (model.stageVariables !== undefined) props.Variables = model.stageVariables;
    if (canary)
      props.CanarySetting = {
        'Fn::If': [
          'Canary',
          { DeploymentId: ref(depId), PercentTraffic: deploy.percent, UseStageCache: false },
          ref('AWS::NoValue'),
        ],
      };
    resources[stageId] = {
      Type: 'AWS::ApiGateway::Stage',
      ...(stageExists ? retain : { Condition: 'Deploy' }),
      Properties: props,
    };
    if (stageExists)
      toImport.push({
        ResourceType: 'AWS::ApiGateway::Stage',
        LogicalResourceId: stageId,
        ResourceIdentifier: { RestApiId: apiId, StageName: stage },
      });
    else created.push(stageId);
  }
  for (const m of model.mappings) {
    const sameApi = m.apiId === apiId;
    const id = `BasePathMapping${pascalName(snakeName(`/${m.domainName}/${m.basePath || 'root'}`))}`;
    const props: Record<string, Json> = {
      DomainName: m.domainName,
      RestApiId: sameApi ? ref('RestApi') : m.apiId,
      Stage: sameApi && manageStage && m.stage === stage ? ref(stageId) : m.stage,
    };
    if (m.basePath !== '' && m.basePath !== '(none)') props.BasePath = m.basePath;
    resources[id] = { Type: 'AWS::ApiGateway::BasePathMapping', Condition: 'Deploy', Properties: props };
    created.push(id);
  }

  addDomainMappings(model.domainMappings, resources, toImport, created, true);

  const phases = canary ? ['import', 'canary', 'promote'] : ['import', 'deploy'];
  // Phase exists when something differs between the import and the fix (cfn-lint W2001 otherwise)
  const hasPhase = canary || JSON.stringify(resources).includes('"Deploy"');
  const parameters: Record<string, Json> = {};
  if (model.apiName === undefined)
    parameters.ApiName = {
      Type: 'String',
      Description: `The current name of API ${apiId}: aws apigateway get-rest-api --rest-api-id ${apiId} --query name --output text`,
    };
  if (hasPhase)
    parameters.Phase = {
      Type: 'String',
      AllowedValues: phases,
      Default: 'import',
      Description: canary
        ? 'import: adopt what exists (IMPORT change set). canary: add the new deployment as a canary. promote: serve it alone.'
        : 'import: adopt what exists (IMPORT change set). deploy: make the fix (UPDATE).',
    };
  for (const r of corsResources) {
    const p = originParam(r);
    if (parameters[p]) continue;
    parameters[p] = {
      Type: 'String',
      Default: r.cors?.allowOrigin ?? '',
      Description: `Origin the CORS preflight${origins.length === 1 ? '' : ` of ${r.path}`} allows`,
    };
  }
  const conditions: Record<string, Json> = {};
  if (hasPhase) conditions.Deploy = { 'Fn::Not': [{ 'Fn::Equals': [ref('Phase'), 'import'] }] };
  if (canary) {
    conditions.Canary = { 'Fn::Equals': [ref('Phase'), 'canary'] };
    conditions.Promote = { 'Fn::Equals': [ref('Phase'), 'promote'] };
  }

  const template: Record<string, Json> = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: commentText(
      `apigw-doctor: adopts REST API ${apiId}${model.apiName !== undefined ? ` (${model.apiName})` : ''} and fixes ${plan.method} ${plan.url}`,
    ).slice(0, 1024),
  };
  if (Object.keys(parameters).length) template.Parameters = parameters;
  if (Object.keys(conditions).length) template.Conditions = conditions;
  template.Resources = resources;

  const text = stringify(template, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });
  return {
    template: text,
    explanation: explanation(plan, model, { toImport, created, notImported, depId, hasPhase }),
  };
}

function explanation(
  plan: Plan,
  model: ApiModel,
  x: { toImport: ImportEntry[]; created: string[]; notImported: string[]; depId: string; hasPhase: boolean },
): string {
  const { deploy, apiId, stage } = model;
  const region = shellQuote(model.region);
  const stack = shellQuote(
    `${snakeName(`/${model.apiName ?? apiId}`).replace(/_/g, '-')}-apigw-doctor`
      .replace(/^[^a-z]+/, 'api-')
      .slice(0, 128),
  );
  const file = 'apigw-doctor-fix.template.yaml';
  const parameters = (phase: string, first: boolean): string => {
    const p: string[] = [];
    if (x.hasPhase) p.push(`ParameterKey=Phase,ParameterValue=${phase}`);
    if (model.apiName === undefined)
      p.push(
        first
          ? `ParameterKey=ApiName,ParameterValue="$(aws apigateway get-rest-api --rest-api-id ${shellQuote(apiId)} --query name --output text --region ${region})"`
          : 'ParameterKey=ApiName,UsePreviousValue=true',
      );
    return p.length ? ` --parameters ${p.join(' ')}` : '';
  };
  const out: string[] = [];
  out.push(
    `CloudFormation for REST API ${apiId}${model.apiName !== undefined ? ` (${model.apiName})` : ''}${stage !== undefined ? `, stage ${stage}` : ''}, in ${model.region}.`,
  );
  out.push('Why this shape:');
  out.push(
    `- Adopt, do not re-create: the API exists, so its resources are imported (each with DeletionPolicy: Retain and UpdateReplacePolicy: Retain, which an import requires and which keeps them if the stack is deleted). A fix made with the console or the CLI is drift the next stack update can revert; in the template, it stays.`,
  );
  if (deploy.kind === 'redeploy' || deploy.kind === 'canary')
    out.push(
      `- A deployment is a snapshot, and CloudFormation never re-creates one by itself: ${x.depId} carries a hash of the resources, methods and integrations in its logical id, so any change to them gives a new id, a new deployment and a stage update. It DependsOn every method, so it is made after them.`,
    );
  if (x.hasPhase)
    out.push(
      '- An IMPORT change set can only import: nothing may be created or changed in it. The Phase parameter keeps every new resource (the deployment, the fix) under the Deploy condition, so the same template serves both steps.',
    );
  out.push('');
  out.push(`Step 1, import (changes nothing in AWS): save the JSON below as resources-to-import.json, then`);
  out.push(
    `  aws cloudformation create-change-set --stack-name ${stack} --change-set-name adopt --change-set-type IMPORT --template-body file://${file}${parameters('import', true)} --resources-to-import file://resources-to-import.json --region ${region}`,
  );
  out.push(
    `  aws cloudformation execute-change-set --stack-name ${stack} --change-set-name adopt --region ${region}`,
  );
  out.push('resources-to-import.json:');
  out.push(...JSON.stringify(x.toImport, null, 2).split('\n'));
  if (x.hasPhase) {
    out.push('');
    const next = deploy.kind === 'canary' ? 'canary' : 'deploy';
    out.push(
      `Step 2, the fix (${x.created.length ? `creates ${x.created.join(', ')}` : 'updates the stage'}):`,
    );
    out.push(
      `  aws cloudformation create-change-set --stack-name ${stack} --change-set-name fix --change-set-type UPDATE --template-body file://${file}${parameters(next, false)} --region ${region}`,
    );
    out.push(
      `  aws cloudformation describe-change-set --stack-name ${stack} --change-set-name fix --region ${region}   # review`,
    );
    out.push(
      `  aws cloudformation execute-change-set --stack-name ${stack} --change-set-name fix --region ${region}`,
    );
  }
  if (deploy.kind === 'canary') {
    out.push(
      `Step 3, once the ${deploy.percent}% canary looks healthy: the same with ParameterValue=promote (the stage then serves ${x.depId} alone).`,
    );
  }
  if (deploy.kind === 'pin')
    out.push(`The stage is pointed at the existing deployment ${deploy.deploymentId}.`);
  if (model.expectedDeploymentId && deploy.kind !== 'none')
    out.push(
      `Rollback: update the stack with ParameterValue=import: the stage goes back to ${model.expectedDeploymentId} (never imported, so still there) and what step 2 created is deleted.`,
    );
  for (const t of model.deletedResponses)
    out.push(
      `Gateway response ${t}: a stack cannot delete what it does not own. Run once, before the stack update (whose new deployment publishes it):`,
      `  aws apigateway delete-gateway-response --rest-api-id ${shellQuote(apiId)} --response-type ${shellQuote(t)} --region ${region}`,
    );
  if (model.resources.some((r) => r.corsReplacesExisting))
    out.push('An OPTIONS method already exists where the CORS fix adds one: delete it before step 2.');
  if (x.notImported.length)
    out.push(
      `Not imported (no id in the input; step 2 creates them): ${x.notImported.map(commentText).join(', ')}.`,
    );
  if (model.notExpressed.length)
    out.push(`Not in this template: ${model.notExpressed.map(commentText).join('; ')}.`);
  const managed = plan.blastRadius?.managedBy;
  if (managed)
    out.push(
      `Careful: this API is managed by ${managed.tool}${managed.name ? ` (stack ${commentText(managed.name)})` : ''}. A resource belongs to one stack only, so the import fails: copy the ${x.depId} pattern (hashed logical id, DependsOn the methods) and the fix into that template instead.`,
    );
  // one line per point: no newline or terminal escape from a plan value survives (the commands are quoted)
  return out.map((line) => (line.startsWith(' ') ? line : commentText(line))).join('\n');
}

// ---- custom-domain mappings (no stage involved) ---------------------------------------------------

/**
 * A re-pointed mapping is imported (it exists, so DeletionPolicy Retain) with its old stage in the
 * import phase and the corrected one after; a new API mapping is created in the deploy phase (or at
 * once when nothing is imported). Identifiers: DomainName + BasePath for
 * AWS::ApiGateway::BasePathMapping, ApiMappingId + DomainName for AWS::ApiGatewayV2::ApiMapping.
 */
function addDomainMappings(
  actions: DomainAction[],
  resources: Record<string, Json>,
  toImport: ImportEntry[],
  created: string[],
  phased: boolean,
): void {
  for (const a of actions) {
    const key = mappingKey(a);
    const suffix = pascalName(snakeName(`/${a.domainName}/${key || 'root'}`));
    const stage = (previous: string | undefined): Json =>
      phased ? { 'Fn::If': ['Deploy', a.stage, previous ?? ref('AWS::NoValue')] } : a.stage;
    if (a.kind === 'update-base-path-mapping') {
      const id = `BasePathMapping${suffix}`;
      const props: Record<string, Json> = {
        DomainName: a.domainName,
        RestApiId:
          phased && a.previous.apiId !== a.apiId
            ? { 'Fn::If': ['Deploy', a.apiId, a.previous.apiId] }
            : a.apiId,
        Stage: stage(a.previous.stage),
      };
      if (key) props.BasePath = key;
      resources[id] = { Type: 'AWS::ApiGateway::BasePathMapping', ...retain, Properties: props };
      toImport.push({
        ResourceType: 'AWS::ApiGateway::BasePathMapping',
        LogicalResourceId: id,
        ResourceIdentifier: { DomainName: a.domainName, BasePath: key || '(none)' },
      });
      continue;
    }
    const id = `ApiMapping${suffix}`;
    const props: Record<string, Json> = { DomainName: a.domainName, ApiId: a.apiId };
    if (key) props.ApiMappingKey = key;
    if (a.kind === 'update-api-mapping') {
      props.Stage = stage(a.previous.stage);
      if (phased && a.previous.apiId !== a.apiId)
        props.ApiId = { 'Fn::If': ['Deploy', a.apiId, a.previous.apiId] };
      resources[id] = { Type: 'AWS::ApiGatewayV2::ApiMapping', ...retain, Properties: props };
      toImport.push({
        ResourceType: 'AWS::ApiGatewayV2::ApiMapping',
        LogicalResourceId: id,
        ResourceIdentifier: { ApiMappingId: a.apiMappingId, DomainName: a.domainName },
      });
    } else {
      props.Stage = a.stage;
      resources[id] = {
        Type: 'AWS::ApiGatewayV2::ApiMapping',
        ...(phased ? { Condition: 'Deploy' } : {}),
        Properties: props,
      };
      created.push(id);
    }
  }
}

/** CloudFormation for a plan that only re-points or adds custom-domain mappings: no API to adopt. */
function emitDomainCloudFormation(
  plan: Plan,
  actions: DomainAction[],
): { template: string; explanation: string } {
  const resources: Record<string, Json> = {};
  const toImport: ImportEntry[] = [];
  const created: string[] = [];
  const phased = actions.some((a) => a.kind !== 'create-api-mapping');
  addDomainMappings(actions, resources, toImport, created, phased);
  const domains = [...new Set(actions.map((a) => a.domainName))].join(', ');
  const template: Record<string, Json> = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: commentText(
      `apigw-doctor: custom-domain mappings of ${domains}; fixes ${plan.method} ${plan.url}`,
    ).slice(0, 1024),
  };
  if (phased) {
    template.Parameters = {
      Phase: {
        Type: 'String',
        AllowedValues: ['import', 'deploy'],
        Default: 'import',
        Description:
          'import: adopt the mappings as they are (IMPORT change set). deploy: point them at the corrected stage (UPDATE).',
      },
    };
    template.Conditions = { Deploy: { 'Fn::Not': [{ 'Fn::Equals': [ref('Phase'), 'import'] }] } };
  }
  template.Resources = resources;
  const region = shellQuote(plan.region);
  const stack = shellQuote(
    `${snakeName(`/${actions[0]?.domainName ?? 'domain'}`).replace(/_/g, '-')}-mappings-apigw-doctor`
      .replace(/^[^a-z]+/, 'domain-')
      .slice(0, 128),
  );
  const file = 'apigw-doctor-fix.template.yaml';
  const out: string[] = [
    `CloudFormation for the custom-domain mappings of ${domains}, in ${plan.region}.`,
    'Why this shape:',
  ];
  for (const a of actions) {
    const where = `${a.domainName}/${mappingKey(a) || '(none)'}`;
    out.push(
      a.kind === 'create-api-mapping'
        ? `- ${where}: a new AWS::ApiGatewayV2::ApiMapping to ${a.apiKind} API ${a.apiId}, stage ${a.stage}${mappingKey(a).includes('/') ? ' (a multi-level base path: only API mappings express it)' : ''}.`
        : `- ${where} exists and names ${a.previous.apiId}/${a.previous.stage ?? '(no stage)'}, which does not exist: it is imported (DeletionPolicy and UpdateReplacePolicy Retain: an import requires them, and the mapping outlives the stack), then pointed at ${a.apiId}/${a.stage}. Made with the CLI, the fix would be drift a stack update can revert; in the template, it stays.`,
    );
  }
  if (phased) {
    out.push('');
    out.push(
      'Step 1, import (changes nothing in AWS): save the JSON below as resources-to-import.json, then',
    );
    out.push(
      `  aws cloudformation create-change-set --stack-name ${stack} --change-set-name adopt --change-set-type IMPORT --template-body file://${file} --parameters ParameterKey=Phase,ParameterValue=import --resources-to-import file://resources-to-import.json --region ${region}`,
    );
    out.push(
      `  aws cloudformation execute-change-set --stack-name ${stack} --change-set-name adopt --region ${region}`,
    );
    out.push('resources-to-import.json:');
    out.push(...JSON.stringify(toImport, null, 2).split('\n'));
    out.push('');
    out.push(
      `Step 2, the fix (${created.length ? `creates ${created.join(', ')}, ` : ''}re-points the imported mappings):`,
    );
    out.push(
      `  aws cloudformation create-change-set --stack-name ${stack} --change-set-name fix --change-set-type UPDATE --template-body file://${file} --parameters ParameterKey=Phase,ParameterValue=deploy --region ${region}`,
    );
    out.push(
      `  aws cloudformation execute-change-set --stack-name ${stack} --change-set-name fix --region ${region}`,
    );
    out.push(
      'Rollback: update the stack with ParameterValue=import, which asks for the old stage again; AWS refuses a mapping to a stage that does not exist, so the update fails and rolls back: delete the mapping instead if you must.',
    );
  } else {
    out.push(
      `Run: aws cloudformation deploy --stack-name ${stack} --template-file ${file} --region ${region}`,
    );
  }
  const managed = plan.blastRadius?.managedBy;
  if (managed)
    out.push(
      `Careful: the API is managed by ${managed.tool}${managed.name ? ` (stack ${commentText(managed.name)})` : ''}. A resource belongs to one stack only: if that stack owns this mapping, make the change there.`,
    );
  return {
    template: stringify(template, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false }),
    explanation: out.map((line) => (line.startsWith(' ') ? line : commentText(line))).join('\n'),
  };
}
