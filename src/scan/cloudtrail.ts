import type { AwsSession } from '../collect/aws/session.js';
import { errorName } from '../collect/aws/session.js';
import type { ApiKind } from './types.js';

type Json = Record<string, unknown>;
const NINETY_DAYS_MS = 90 * 24 * 3600 * 1000;

/** True when a CloudTrail request turns disableExecuteApiEndpoint on (patch operation or v2 field). */
function turnsOn(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(turnsOn);
  if (typeof value !== 'object' || value === null) return false;
  const o = value as Json;
  if (o.path === '/disableExecuteApiEndpoint' && String(o.value) === 'true') return true;
  for (const key of ['disableExecuteApiEndpoint', 'DisableExecuteApiEndpoint'])
    if (key in o && String(o[key]) === 'true') return true;
  return Object.values(o).some(turnsOn);
}

/**
 * When disableExecuteApiEndpoint was last turned on, per API, from CloudTrail's management events of
 * the last 90 days (UpdateRestApi for REST, UpdateApi for HTTP/WebSocket): one LookupEvents call per
 * kind, and only in regions where an API has the flag on. The management API itself keeps no such date.
 */
export async function endpointDisabledTimes(
  session: AwsSession,
  region: string,
  kinds: ApiKind[],
): Promise<Map<string, string> | { message: string }> {
  const { CloudTrailClient, LookupEventsCommand } = await import('@aws-sdk/client-cloudtrail');
  const config: Record<string, unknown> = {
    region,
    credentials: await session.credentials(),
    retryMode: 'adaptive',
    maxAttempts: session.options.maxAttempts ?? 5,
  };
  if (session.options.endpoint) config.endpoint = session.options.endpoint;
  const client = new CloudTrailClient(config);
  session.options.onClient?.(client as never, region);
  const found = new Map<string, string>();
  const events = [
    ...(kinds.includes('REST') ? ['UpdateRestApi'] : []),
    ...(kinds.some((k) => k !== 'REST') ? ['UpdateApi'] : []),
  ];
  try {
    for (const eventName of events) {
      let token: string | undefined;
      let pages = 0;
      do {
        const out = await client.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }],
            StartTime: new Date(Date.now() - NINETY_DAYS_MS),
            MaxResults: 50,
            NextToken: token,
          }),
        );
        for (const event of out.Events ?? []) {
          let record: Json;
          try {
            record = JSON.parse(event.CloudTrailEvent ?? '{}') as Json;
          } catch {
            continue;
          }
          const params = (record.requestParameters ?? {}) as Json;
          const apiId = String(params.restApiId ?? params.apiId ?? params.ApiId ?? '');
          const at = (event.EventTime ?? new Date(String(record.eventTime))).toISOString();
          if (!apiId || !turnsOn(params)) continue;
          if (!found.has(apiId) || found.get(apiId)! < at) found.set(apiId, at);
        }
        token = out.NextToken;
      } while (token && ++pages < 10);
    }
    return found;
  } catch (error) {
    return { message: `${errorName(error)}: cloudtrail:LookupEvents in ${region}` };
  } finally {
    client.destroy();
  }
}
