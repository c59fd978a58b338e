import { envelope } from '../../collect/aws/collect.js';
import { diffRoutes, type RouteDiff } from '../../diagnose/route-diff.js';
import type { RestApiModel } from '../../model/types.js';
import { inventoryFromSnapshot } from '../../sources/snapshot.js';

/**
 * The Config rule's judgement, pure: a REST API as the live collector records it (a snapshot entry)
 * becomes one evaluation per stage. A stage whose deployment serves other routes (added, removed, or
 * with another authorization or API key setting) than the API's current resources and methods lags
 * its configuration: NON_COMPLIANT. The comparison is the one `pending-changes` reports (route-diff).
 */

export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

export const STAGE_RESOURCE_TYPE = 'AWS::ApiGateway::Stage';
/** AWS Config caps an annotation at 256 characters. */
export const ANNOTATION_MAX = 256;

export interface StageEvaluation {
  /** The stage's ARN: the resource id AWS Config records for AWS::ApiGateway::Stage. */
  resourceId: string;
  apiId: string;
  stage: string;
  compliance: ComplianceType;
  annotation: string;
  diff?: RouteDiff;
}

export function stageArn(region: string, apiId: string, stage: string, partition = 'aws'): string {
  return `arn:${partition}:apigateway:${region}::/restapis/${apiId}/stages/${stage}`;
}

/** "arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod" → its parts (undefined if not a stage ARN). */
export function parseStageArn(
  arn: string,
): { partition: string; region: string; apiId: string; stage: string } | undefined {
  const m = /^arn:([\w-]+):apigateway:([\w-]+)::\/restapis\/([^/]+)\/stages\/([^/]+)$/.exec(arn);
  return m ? { partition: m[1]!, region: m[2]!, apiId: m[3]!, stage: m[4]! } : undefined;
}

/** A RestApi's Config resource id is its API id; its ARN form is accepted too. */
export function restApiIdOf(resourceId: string): string {
  return /\/restapis\/([^/]+)$/.exec(resourceId)?.[1] ?? resourceId;
}

/**
 * The differing routes, most telling first (added routes answer 403 Missing Authentication Token),
 * cut to fit AWS Config's 256 characters with a count of what was left out.
 */
export function lagAnnotation(deploymentId: string | undefined, diff: RouteDiff): string {
  const items = [
    ...diff.added.map((r) => `+${r}`),
    ...diff.removed.map((r) => `-${r}`),
    ...diff.changed.map((r) => `~${r}`),
  ];
  const head = `Deployment ${deploymentId ?? '(unknown)'} lags the API by ${items.length} route change${items.length === 1 ? '' : 's'}: `;
  const fit = (n: number): string =>
    `${head}${items.slice(0, n).join(', ')}${n < items.length ? ` (+${items.length - n} more)` : ''}`;
  let n = items.length;
  while (n > 0 && fit(n).length > ANNOTATION_MAX) n--;
  return fit(n).slice(0, ANNOTATION_MAX);
}

/** Every stage of one collected REST API, judged. */
export function evaluateRestApi(
  entry: Record<string, unknown>,
  region: string,
  accountId?: string,
  partition = 'aws',
): StageEvaluation[] {
  const inventory = inventoryFromSnapshot(
    envelope([{ region, restApis: [entry] }], accountId),
    'aws-config-rule',
  );
  const api = inventory.apis.find((a): a is RestApiModel => a.kind === 'REST');
  if (!api) return [];
  return api.stages.map((stage) => {
    const base = {
      resourceId: stageArn(region, api.id, stage.name, partition),
      apiId: api.id,
      stage: stage.name,
    };
    if (!api.currentResources)
      return {
        ...base,
        compliance: 'NOT_APPLICABLE' as const,
        annotation: `The resources of API ${api.id} could not be read, so the deployment cannot be compared.`,
      };
    if (!stage.resources || stage.routesOrigin === 'current-config-assumed')
      return {
        ...base,
        compliance: 'NOT_APPLICABLE' as const,
        annotation: `The routes of deployment ${stage.deploymentId ?? '(none)'} could not be read (GetDeployment --embed apisummary).`,
      };
    const diff = diffRoutes(stage.resources, api.currentResources);
    const changes = diff.added.length + diff.removed.length + diff.changed.length;
    if (changes === 0) {
      const routes = api.currentResources.reduce((n, r) => n + Object.keys(r.methods).length, 0);
      return {
        ...base,
        compliance: 'COMPLIANT' as const,
        annotation: `Deployment ${stage.deploymentId ?? '(unknown)'} serves the current configuration (${routes} route${routes === 1 ? '' : 's'}).`,
        diff,
      };
    }
    return {
      ...base,
      compliance: 'NON_COMPLIANT' as const,
      annotation: lagAnnotation(stage.deploymentId, diff),
      diff,
    };
  });
}
