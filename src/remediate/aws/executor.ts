import type { AwsSession } from '../../collect/aws/session.js';
import { fatalAwsError } from '../../collect/aws/session.js';
import type { ApiMappingState, Executor, SavedGatewayResponse, StageState } from '../apply.js';

/** The executor for real AWS (or any endpoint speaking its API): SDK v3 calls, nothing else. */
export async function awsExecutor(session: AwsSession, region: string): Promise<Executor> {
  const sdk = await import('@aws-sdk/client-api-gateway');
  const v2 = await import('@aws-sdk/client-apigatewayv2');
  const client = await session.apigateway(region);
  const clientV2 = await session.apigatewayv2(region);
  const notFound = (error: unknown): boolean => (error as { name?: string }).name === 'NotFoundException';
  const listApiMappings = async (domainName: string): Promise<ApiMappingState[]> => {
    const out: ApiMappingState[] = [];
    let NextToken: string | undefined;
    do {
      const page = await send(`reading the API mappings of ${domainName}`, () =>
        clientV2.send(new v2.GetApiMappingsCommand({ DomainName: domainName, MaxResults: '500', NextToken })),
      );
      for (const m of page.Items ?? []) {
        if (!m.ApiId || !m.ApiMappingId) continue;
        out.push({
          apiId: m.ApiId,
          apiMappingId: m.ApiMappingId,
          apiMappingKey: (m.ApiMappingKey ?? '').replace(/^\(none\)$/, ''),
          ...(m.Stage ? { stage: m.Stage } : {}),
        });
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  };
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
      try {
        await client.send(
          new sdk.DeleteBasePathMappingCommand({ domainName, basePath: basePath || '(none)' }),
        );
      } catch (error) {
        if (notFound(error)) return; // already gone (a retried call, or a second rollback)
        throw fatalAwsError(error, 'deleting the base path mapping');
      }
    },
    async getBasePathMapping(domainName, basePath) {
      try {
        const out = await client.send(
          new sdk.GetBasePathMappingCommand({ domainName, basePath: basePath || '(none)' }),
        );
        return out.restApiId ? { apiId: out.restApiId, ...(out.stage ? { stage: out.stage } : {}) } : null;
      } catch (error) {
        if (notFound(error)) return null;
        throw fatalAwsError(error, `reading the base path mapping ${basePath || '(none)'} of ${domainName}`);
      }
    },
    async updateBasePathMapping(domainName, basePath, to) {
      await send(`updating the base path mapping ${basePath || '(none)'} of ${domainName}`, () =>
        client.send(
          new sdk.UpdateBasePathMappingCommand({
            domainName,
            basePath: basePath || '(none)',
            patchOperations: [
              ...(to.apiId ? [{ op: 'replace' as const, path: '/restapiId', value: to.apiId }] : []),
              to.stage === undefined
                ? { op: 'remove' as const, path: '/stage' }
                : { op: 'replace' as const, path: '/stage', value: to.stage },
            ],
          }),
        ),
      );
    },
    listApiMappings,
    async createApiMapping(action) {
      try {
        const out = await clientV2.send(
          new v2.CreateApiMappingCommand({
            DomainName: action.domainName,
            ApiId: action.apiId,
            Stage: action.stage,
            ...(action.apiMappingKey ? { ApiMappingKey: action.apiMappingKey } : {}),
          }),
        );
        return { apiMappingId: out.ApiMappingId ?? '' };
      } catch (error) {
        // The SDK retries a 5xx: when the first attempt took effect, the retry finds it made. Ours if
        // it is exactly what was asked (the plan refused to start when the key was taken).
        if ((error as { name?: string }).name === 'ConflictException') {
          const made = (await listApiMappings(action.domainName)).find(
            (m) =>
              m.apiMappingKey === action.apiMappingKey &&
              m.apiId === action.apiId &&
              m.stage === action.stage,
          );
          if (made) return { apiMappingId: made.apiMappingId };
        }
        throw fatalAwsError(error, 'creating the API mapping');
      }
    },
    async updateApiMapping(domainName, apiMappingId, to) {
      await send(`updating API mapping ${apiMappingId} of ${domainName}`, () =>
        clientV2.send(
          new v2.UpdateApiMappingCommand({
            DomainName: domainName,
            ApiMappingId: apiMappingId,
            ApiId: to.apiId,
            ...(to.stage !== undefined ? { Stage: to.stage } : {}),
          }),
        ),
      );
    },
    async deleteApiMapping(domainName, apiMappingId) {
      try {
        await clientV2.send(
          new v2.DeleteApiMappingCommand({ DomainName: domainName, ApiMappingId: apiMappingId }),
        );
      } catch (error) {
        if (notFound(error)) return; // already gone (a retried call, or a second rollback)
        throw fatalAwsError(error, `deleting API mapping ${apiMappingId} of ${domainName}`);
      }
    },
    async getGatewayResponse(apiId, responseType): Promise<SavedGatewayResponse> {
      const out = await send(`reading the ${responseType} gateway response`, () =>
        client.send(
          new sdk.GetGatewayResponseCommand({ restApiId: apiId, responseType: responseType as never }),
        ),
      );
      return {
        responseType,
        defaultResponse: out.defaultResponse === true,
        ...(out.statusCode ? { statusCode: out.statusCode } : {}),
        ...(out.responseParameters ? { responseParameters: out.responseParameters } : {}),
        ...(out.responseTemplates ? { responseTemplates: out.responseTemplates } : {}),
      };
    },
    async putGatewayResponse(apiId, saved) {
      await send(`restoring the ${saved.responseType} gateway response`, () =>
        client.send(
          new sdk.PutGatewayResponseCommand({
            restApiId: apiId,
            responseType: saved.responseType as never,
            ...(saved.statusCode ? { statusCode: saved.statusCode } : {}),
            responseParameters: saved.responseParameters ?? {},
            responseTemplates: saved.responseTemplates ?? {},
          }),
        ),
      );
    },
    async deleteGatewayResponse(apiId, responseType) {
      try {
        await client.send(
          new sdk.DeleteGatewayResponseCommand({ restApiId: apiId, responseType: responseType as never }),
        );
      } catch (error) {
        if (notFound(error)) return; // already AWS's default (a retried call whose first try took effect)
        throw fatalAwsError(error, 'resetting the gateway response');
      }
    },
  };
}
