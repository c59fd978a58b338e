import type { Event as SdkHealthEvent, EventFilter } from '@aws-sdk/client-health';
import { errorName } from '../../collect/aws/session.js';
import type { AwsSession } from '../../collect/aws/session.js';
import { healthClient } from './clients.js';
import { HEALTH_DASHBOARD_URL, HEALTH_SERVICE_CODE } from './health-evidence.js';
import { isoSeconds } from './events.js';
import type { HealthEvent, HealthResult } from './types.js';

/**
 * AWS Health DescribeEvents for API Gateway: open events, and events updated since the window
 * started, in the given Regions. Never fails the command: without a Business, Enterprise On-Ramp or
 * Enterprise Support plan AWS answers SubscriptionRequiredException
 * (https://docs.aws.amazon.com/health/latest/APIReference/Welcome.html), which becomes a one-line note.
 */

export interface HealthOptions {
  regions: string[];
  start: Date;
  /** Pages per query (default 5, 100 events each). */
  maxPages?: number;
}

function toHealthEvent(e: SdkHealthEvent): HealthEvent {
  const out: HealthEvent = {
    arn: e.arn ?? '',
    service: e.service ?? HEALTH_SERVICE_CODE,
    eventTypeCode: e.eventTypeCode ?? '?',
  };
  if (e.eventTypeCategory) out.category = e.eventTypeCategory;
  if (e.region) out.region = e.region;
  if (e.startTime) out.startTime = isoSeconds(e.startTime);
  if (e.endTime) out.endTime = isoSeconds(e.endTime);
  if (e.lastUpdatedTime) out.lastUpdatedTime = isoSeconds(e.lastUpdatedTime);
  if (e.statusCode) out.statusCode = e.statusCode;
  if (e.eventScopeCode) out.scope = e.eventScopeCode;
  return out;
}

export async function describeHealth(session: AwsSession, options: HealthOptions): Promise<HealthResult> {
  const { DescribeEventsCommand } = await import('@aws-sdk/client-health');
  const client = await healthClient(session);
  const base: EventFilter = { services: [HEALTH_SERVICE_CODE], regions: options.regions };
  // Filter fields are ANDed: one query for what is open now, one for what changed in the window.
  const filters: EventFilter[] = [
    { ...base, eventStatusCodes: ['open', 'upcoming'] },
    { ...base, lastUpdatedTimes: [{ from: options.start }] },
  ];
  const byArn = new Map<string, HealthEvent>();
  try {
    for (const filter of filters) {
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await client.send(
          new DescribeEventsCommand({ filter, maxResults: 100, ...(token ? { nextToken: token } : {}) }),
        );
        for (const e of page.events ?? []) byArn.set(e.arn ?? `${byArn.size}`, toHealthEvent(e));
        token = page.nextToken;
      } while (token && ++pages < (options.maxPages ?? 5));
    }
  } catch (error) {
    const name = errorName(error);
    if (name === 'SubscriptionRequiredException') {
      return {
        status: 'subscription-required',
        note: `AWS Health API not available to this account (SubscriptionRequiredException: it needs a Business, Enterprise On-Ramp or Enterprise Support plan); see the AWS Health Dashboard: ${HEALTH_DASHBOARD_URL}`,
      };
    }
    if (/AccessDenied|NotAuthorized/i.test(name)) {
      return {
        status: 'unavailable',
        note: `AWS Health not read: missing permission health:DescribeEvents (${name}); see the AWS Health Dashboard: ${HEALTH_DASHBOARD_URL}`,
      };
    }
    const message = ((error as Error)?.message ?? '').split('\n')[0];
    return {
      status: 'unavailable',
      note: `AWS Health not read (${name}${message ? `: ${message}` : ''}); see the AWS Health Dashboard: ${HEALTH_DASHBOARD_URL}`,
    };
  } finally {
    client.destroy();
  }
  const events = [...byArn.values()].sort((a, b) =>
    (a.startTime ?? '') < (b.startTime ?? '') ? -1 : (a.startTime ?? '') > (b.startTime ?? '') ? 1 : 0,
  );
  return { status: 'ok', events };
}
