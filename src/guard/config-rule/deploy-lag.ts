import type { AwsCredentialIdentity } from '@smithy/types';
import { AwsSession, errorName } from '../../collect/aws/session.js';

/**
 * The deployment-lag check behind the EventBridge rule: N minutes after CloudTrail recorded a change
 * to a REST API's resources or methods (PutMethod, CreateResource, …), is any stage serving a
 * deployment created since? If not, the change is not live anywhere: notify. The state machine that
 * waits and publishes to SNS is in the emitted template; this is the one step that needs code.
 */

/** The CloudTrail change names the EventBridge rule listens to (REST APIs; all need a deployment to take effect). */
export const CHANGE_EVENT_NAMES = [
  'CreateResource',
  'UpdateResource',
  'DeleteResource',
  'PutMethod',
  'UpdateMethod',
  'DeleteMethod',
  'PutMethodResponse',
  'UpdateMethodResponse',
  'DeleteMethodResponse',
  'PutIntegration',
  'UpdateIntegration',
  'DeleteIntegration',
  'PutIntegrationResponse',
  'UpdateIntegrationResponse',
  'DeleteIntegrationResponse',
  'PutRestApi',
  'UpdateRestApi',
  'CreateAuthorizer',
  'UpdateAuthorizer',
  'DeleteAuthorizer',
  'PutGatewayResponse',
  'UpdateGatewayResponse',
  'DeleteGatewayResponse',
] as const;

export interface DeployLagInput {
  restApiId: string;
  /** CloudTrail's eventTime of the change. */
  changedAt: string;
  eventName: string;
  region: string;
  account?: string;
  /** Who made the change (CloudTrail userIdentity.arn), for the message. */
  actor?: string;
}

export interface DeployLagResult {
  /** true: publish `subject` and `message` (the state machine's Choice reads this). */
  notify: boolean;
  state: 'deployed' | 'not-deployed' | 'deployment-not-on-a-stage' | 'no-stage' | 'api-deleted';
  subject: string;
  message: string;
  restApiId: string;
  stages: { name: string; deploymentId?: string; deployedAt?: string }[];
}

type Json = Record<string, unknown>;

/** The Step Functions input is the EventBridge event ("AWS API Call via CloudTrail"). */
export function inputFromCloudTrailEvent(event: Json): DeployLagInput {
  const detail = (event.detail ?? {}) as Json;
  const params = (detail.requestParameters ?? {}) as Json;
  const restApiId = params.restApiId;
  if (typeof restApiId !== 'string' || !restApiId)
    throw new Error(`the event names no restApiId (eventName ${String(detail.eventName)})`);
  const region = (detail.awsRegion ?? event.region) as string | undefined;
  if (!region) throw new Error('the event names no region');
  const input: DeployLagInput = {
    restApiId,
    changedAt: String(detail.eventTime ?? event.time),
    eventName: String(detail.eventName ?? 'change'),
    region,
  };
  const account = (detail.recipientAccountId ?? event.account) as string | undefined;
  if (account) input.account = account;
  const actor = ((detail.userIdentity ?? {}) as Json).arn;
  if (typeof actor === 'string') input.actor = actor;
  return input;
}

export async function checkDeploymentLag(
  session: AwsSession,
  input: DeployLagInput,
): Promise<DeployLagResult> {
  const sdk = await import('@aws-sdk/client-api-gateway');
  const client = await session.apigateway(input.region);
  const changedAt = new Date(input.changedAt);
  if (Number.isNaN(changedAt.getTime())) throw new Error(`not a time: ${input.changedAt}`);
  const where = `REST API ${input.restApiId} in ${input.region}${input.account ? ` (account ${input.account})` : ''}`;
  const base = { restApiId: input.restApiId, stages: [] as DeployLagResult['stages'] };

  let stages: import('@aws-sdk/client-api-gateway').Stage[];
  const deployments: import('@aws-sdk/client-api-gateway').Deployment[] = [];
  try {
    const [stageList] = await Promise.all([
      client.send(new sdk.GetStagesCommand({ restApiId: input.restApiId })),
      (async () => {
        for await (const page of sdk.paginateGetDeployments(
          { client, pageSize: 500 },
          { restApiId: input.restApiId, limit: 500 },
        ))
          deployments.push(...(page.items ?? []));
      })(),
    ]);
    stages = stageList.item ?? [];
  } catch (error) {
    if (errorName(error) === 'NotFoundException')
      return {
        ...base,
        notify: false,
        state: 'api-deleted',
        subject: '',
        message: `${where} no longer exists.`,
      };
    throw error;
  }

  const created = new Map(deployments.map((d) => [d.id ?? '', d.createdDate]));
  const since = new Set(
    deployments
      .filter((d) => d.id && d.createdDate && d.createdDate.getTime() >= changedAt.getTime())
      .map((d) => d.id!),
  );
  const summary = stages.map((s) => {
    const at = created.get(s.deploymentId ?? '');
    return {
      name: s.stageName ?? '(unnamed)',
      ...(s.deploymentId ? { deploymentId: s.deploymentId } : {}),
      ...(at ? { deployedAt: at.toISOString() } : {}),
    };
  });
  const result = { ...base, stages: summary };
  if (stages.length === 0)
    return {
      ...result,
      notify: false,
      state: 'no-stage',
      subject: '',
      message: `${where} has no stage yet: nothing serves it, so nothing lags.`,
    };
  const serving = stages.filter(
    (s) => since.has(s.deploymentId ?? '') || since.has(s.canarySettings?.deploymentId ?? ''),
  );
  if (serving.length > 0)
    return {
      ...result,
      notify: false,
      state: 'deployed',
      subject: '',
      message: `${where}: ${input.eventName} at ${input.changedAt} is deployed to ${serving.map((s) => s.stageName).join(', ')}.`,
    };

  const lines = [
    `${input.eventName} changed ${where} at ${input.changedAt}${input.actor ? ` (by ${input.actor})` : ''},`,
    `and no stage serves a deployment created since. Until the API is deployed, the change is not live:`,
    `new routes answer 403 {"message":"Missing Authentication Token"} and removed ones still answer.`,
    '',
    'Stages and the deployment each serves:',
    ...summary.map(
      (s) => `  ${s.name}: ${s.deploymentId ?? '(none)'}${s.deployedAt ? ` of ${s.deployedAt}` : ''}`,
    ),
  ];
  const orphan = [...since];
  if (orphan.length > 0)
    lines.push(
      '',
      `Deployment ${orphan.join(', ')} was created after the change but no stage uses it (create-deployment without --stage-name, or a stage still on an older one).`,
    );
  const stage = summary[0]!.name;
  lines.push(
    '',
    'When the change is ready to ship:',
    `  aws apigateway create-deployment --rest-api-id ${input.restApiId} --stage-name ${stage} --region ${input.region}`,
    'To see exactly which routes differ:',
    `  apigw-doctor snapshot --api ${input.restApiId} --region ${input.region} --out snapshot.json`,
    `  apigw-doctor diagnose https://${input.restApiId}.execute-api.${input.region}.amazonaws.com/${stage}/ --snapshot snapshot.json`,
  );
  return {
    ...result,
    notify: true,
    state: orphan.length > 0 ? 'deployment-not-on-a-stage' : 'not-deployed',
    // SNS subjects: at most 100 characters.
    subject: `API ${input.restApiId} changed, not deployed`.slice(0, 100),
    message: lines.join('\n'),
  };
}

export async function runDeployLagCheck(
  event: Json,
  context: { credentials?: AwsCredentialIdentity } = {},
): Promise<DeployLagResult> {
  const input = inputFromCloudTrailEvent(event);
  const session = new AwsSession({
    region: input.region,
    maxAttempts: 8,
    ...(context.credentials ? { credentials: context.credentials } : {}),
  });
  try {
    return await checkDeploymentLag(session, input);
  } finally {
    await session.destroy();
  }
}
