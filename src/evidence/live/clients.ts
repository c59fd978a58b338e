import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { HealthClient } from '@aws-sdk/client-health';
import type { AwsSession } from '../../collect/aws/session.js';

/**
 * SDK clients for the timeline, built on the session's credentials and options (profile,
 * --endpoint-url, adaptive retries). The SDK's own per-service endpoint settings work too
 * (AWS_ENDPOINT_URL_CLOUDTRAIL, AWS_ENDPOINT_URL_HEALTH, `services` sections of ~/.aws/config).
 */

function config(session: AwsSession, region: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    region,
    retryMode: 'adaptive',
    maxAttempts: session.options.maxAttempts ?? 5,
  };
  if (session.options.endpoint) out.endpoint = session.options.endpoint;
  if (session.options.profile) out.profile = session.options.profile;
  return out;
}

export async function cloudTrailClient(session: AwsSession, region: string): Promise<CloudTrailClient> {
  const { CloudTrailClient } = await import('@aws-sdk/client-cloudtrail');
  return new CloudTrailClient({ ...config(session, region), credentials: await session.credentials() });
}

/** AWS Health's API is global, served from us-east-1 (https://health.us-east-1.amazonaws.com). */
export const HEALTH_REGION = 'us-east-1';

export async function healthClient(session: AwsSession): Promise<HealthClient> {
  const { HealthClient } = await import('@aws-sdk/client-health');
  return new HealthClient({ ...config(session, HEALTH_REGION), credentials: await session.credentials() });
}
