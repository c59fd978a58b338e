import type { AwsSession } from '../../collect/aws/session.js';
import { fatalAwsError } from '../../collect/aws/session.js';
import type { Executor, StageState } from '../apply.js';

/** The executor for real AWS (or any endpoint speaking its API): SDK v3 calls, nothing else. */
export async function awsExecutor(session: AwsSession, region: string): Promise<Executor> {
  const sdk = await import('@aws-sdk/client-api-gateway');
  const client = await session.apigateway(region);
  const singleShot = await session.apigatewaySingleShot(region);
  const send = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw fatalAwsError(error, what);
    }
  };
  return {
    async readStage(apiId, stage): Promise<StageState> {
      const out = await send(`reading stage ${stage}`, () =>
        client.send(new sdk.GetStageCommand({ restApiId: apiId, stageName: stage })),
      );
      const state: StageState = {};
      if (out.deploymentId) state.deploymentId = out.deploymentId;
      if (out.lastUpdatedDate) state.lastUpdatedDate = out.lastUpdatedDate.toISOString();
      if (out.canarySettings?.deploymentId) state.canaryDeploymentId = out.canarySettings.deploymentId;
      return state;
    },
    async createDeployment(apiId, stage, description, canaryPercent) {
      const command = new sdk.CreateDeploymentCommand({
        restApiId: apiId,
        stageName: stage,
        description,
        ...(canaryPercent ? { canarySettings: { percentTraffic: canaryPercent } } : {}),
      });
      // Not idempotent: retried only when throttled (CreateDeployment allows 1 call every 5 s).
      for (let attempt = 1; ; attempt++) {
        try {
          const out = await singleShot.send(command);
          return { id: out.id ?? '' };
        } catch (error) {
          if ((error as { name?: string }).name === 'TooManyRequestsException' && attempt < 4) {
            await new Promise((r) => setTimeout(r, 5_000));
            continue;
          }
          throw fatalAwsError(error, 'creating the deployment');
        }
      }
    },
    async updateStageDeployment(apiId, stage, deploymentId) {
      await send(`pointing stage ${stage} at ${deploymentId}`, () =>
        client.send(
          new sdk.UpdateStageCommand({
            restApiId: apiId,
            stageName: stage,
            patchOperations: [{ op: 'replace', path: '/deploymentId', value: deploymentId }],
          }),
        ),
      );
    },
    async removeCanary(apiId, stage) {
      await send(`removing the canary of ${stage}`, () =>
        client.send(
          new sdk.UpdateStageCommand({
            restApiId: apiId,
            stageName: stage,
            patchOperations: [{ op: 'remove', path: '/canarySettings' }],
          }),
        ),
      );
    },
    async putCorsOptions(action) {
      let existed = true;
      try {
        await client.send(
          new sdk.GetMethodCommand({
            restApiId: action.apiId,
            resourceId: action.resourceId,
            httpMethod: 'OPTIONS',
          }),
        );
      } catch (error) {
        if ((error as { name?: string }).name !== 'NotFoundException')
          throw fatalAwsError(error, 'reading the OPTIONS method');
        existed = false;
      }
      // An OPTIONS method that exists (configured, not yet deployed) is left as it is: the
      // deployment that follows publishes it.
      if (existed) return { existed };
      const base = { restApiId: action.apiId, resourceId: action.resourceId, httpMethod: 'OPTIONS' };
      const header = (name: string) => `method.response.header.${name}`;
      try {
        await send('adding the OPTIONS method', () =>
          client.send(new sdk.PutMethodCommand({ ...base, authorizationType: 'NONE' })),
        );
        await send('adding its MOCK integration', () =>
          client.send(
            new sdk.PutIntegrationCommand({
              ...base,
              type: 'MOCK',
              requestTemplates: { 'application/json': '{"statusCode": 200}' },
            }),
          ),
        );
        await send('adding its method response', () =>
          client.send(
            new sdk.PutMethodResponseCommand({
              ...base,
              statusCode: '200',
              responseParameters: {
                [header('Access-Control-Allow-Origin')]: false,
                [header('Access-Control-Allow-Methods')]: false,
                [header('Access-Control-Allow-Headers')]: false,
              },
            }),
          ),
        );
        await send('adding its integration response', () =>
          client.send(
            new sdk.PutIntegrationResponseCommand({
              ...base,
              statusCode: '200',
              responseParameters: {
                [header('Access-Control-Allow-Origin')]: `'${action.allowOrigin}'`,
                [header('Access-Control-Allow-Methods')]: `'${action.allowMethods.join(',')}'`,
                [header('Access-Control-Allow-Headers')]: `'${action.allowHeaders.join(',')}'`,
              },
            }),
          ),
        );
      } catch (error) {
        // Half a method is worse than none: remove what this action added, then report the failure.
        await client.send(new sdk.DeleteMethodCommand(base)).catch(() => undefined);
        throw error;
      }
      return { existed };
    },
    async deleteMethod(apiId, resourceId, httpMethod) {
      await send(`deleting the ${httpMethod} method`, () =>
        client.send(new sdk.DeleteMethodCommand({ restApiId: apiId, resourceId, httpMethod })),
      );
    },
    async createBasePathMapping(action) {
      await send('creating the base path mapping', () =>
        client.send(
          new sdk.CreateBasePathMappingCommand({
            domainName: action.domainName,
            restApiId: action.apiId,
            stage: action.stage,
            ...(action.basePath ? { basePath: action.basePath } : {}),
          }),
        ),
      );
    },
    async deleteBasePathMapping(domainName, basePath) {
      await send('deleting the base path mapping', () =>
        client.send(new sdk.DeleteBasePathMappingCommand({ domainName, basePath: basePath || '(none)' })),
      );
    },
    async deleteGatewayResponse(apiId, responseType) {
      await send('resetting the gateway response', () =>
        client.send(
          new sdk.DeleteGatewayResponseCommand({ restApiId: apiId, responseType: responseType as never }),
        ),
      );
    },
  };
}
