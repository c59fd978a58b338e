import type { Event as LookupEvent, LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { AwsAuthError, AwsServiceError, errorName, fatalAwsError } from '../../collect/aws/session.js';
import type { AwsSession } from '../../collect/aws/session.js';
import { cloudTrailClient } from './clients.js';
import { APIGATEWAY_SOURCE, APIGATEWAY_SOURCES, normalizeLookupEvent } from './events.js';
import type { TrailEvent } from './types.js';

/**
 * CloudTrail LookupEvents for one API: its management events over a window, every page.
 *
 * LookupEvents takes one lookup attribute per call and at most 50 results per page, and "the rate of
 * lookup requests is limited to two per second, per account, per Region" (API reference,
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html). So: one
 * sequence of calls per attribute, spaced to stay under 2 per second, with the SDK's adaptive retries
 * for what others in the account use of the same quota.
 */

export const LOOKUP_EVENTS_PER_SECOND = 2;
export const LOOKUP_EVENTS_MAX_RESULTS = 50;

export interface LookupOptions {
  region: string;
  apiId: string;
  start: Date;
  end: Date;
  /** More resource names whose events belong to the API (custom domain names). */
  resourceNames?: string[];
  /** Stop after this many pages per lookup (default 40, 2,000 events). */
  maxPages?: number;
}

export interface LookupResult {
  events: TrailEvent[];
  /** LookupEvents calls sent (pages), and retries the SDK made after throttling. */
  calls: number;
  retries: number;
  /** How the API's events were found: its id as ResourceName, or every API Gateway event, filtered here. */
  strategy: 'resource-name' | 'event-source';
  /** A lookup stopped at maxPages: older events were not read. */
  truncated: boolean;
}

/** Spaces calls so that no second holds more than `perSecond` of them. */
export class RateGate {
  #next = 0;
  readonly #intervalMs: number;
  constructor(perSecond: number, margin = 1.1) {
    this.#intervalMs = (1000 / perSecond) * margin;
  }
  async wait(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.#next);
    this.#next = at + this.#intervalMs;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}

/** AccessDenied, throttling and the rest, as one line with the exit code the CLI documents. */
export function lookupError(error: unknown, region: string): Error {
  if (typeof (error as { exitCode?: unknown }).exitCode === 'number') return error as Error;
  const name = errorName(error);
  const message = ((error as Error)?.message ?? '').split('\n')[0] ?? '';
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(name)) {
    return new AwsAuthError(
      `missing permission cloudtrail:LookupEvents in ${region} (${name}: ${message}); the timeline needs it (see docs/timeline.md)`,
      { cause: error },
    );
  }
  if (name === 'ThrottlingException' || name === 'TooManyRequestsException') {
    return new AwsServiceError(
      `throttled by CloudTrail LookupEvents in ${region} after the SDK's retries: it allows 2 requests per second per account and Region, shared with everything else in the account; try again in a minute`,
      { cause: error },
    );
  }
  return fatalAwsError(error, `calling CloudTrail LookupEvents in ${region}`);
}

export async function lookupApiEvents(session: AwsSession, options: LookupOptions): Promise<LookupResult> {
  const { LookupEventsCommand } = await import('@aws-sdk/client-cloudtrail');
  const client = await cloudTrailClient(session, options.region);
  const gate = new RateGate(LOOKUP_EVENTS_PER_SECOND);
  const maxPages = options.maxPages ?? 40;
  const result: LookupResult = {
    events: [],
    calls: 0,
    retries: 0,
    strategy: 'resource-name',
    truncated: false,
  };
  const seen = new Set<string>();

  const lookup = async (key: 'ResourceName' | 'EventSource', value: string): Promise<TrailEvent[]> => {
    const found: TrailEvent[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      if (pages === maxPages) {
        result.truncated = true;
        break;
      }
      await gate.wait();
      let page: LookupEventsCommandOutput;
      try {
        page = await client.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: key, AttributeValue: value }],
            StartTime: options.start,
            EndTime: options.end,
            MaxResults: LOOKUP_EVENTS_MAX_RESULTS,
            ...(token ? { NextToken: token } : {}),
          }),
        );
      } catch (error) {
        throw lookupError(error, options.region);
      } finally {
        result.calls++;
      }
      pages++;
      result.retries += Math.max(0, (page.$metadata.attempts ?? 1) - 1);
      for (const raw of page.Events ?? ([] as LookupEvent[])) {
        const event = normalizeLookupEvent(raw);
        if (event && !seen.has(event.eventId)) {
          seen.add(event.eventId);
          found.push(event);
        }
      }
      token = page.NextToken;
    } while (token);
    return found;
  };

  try {
    const byName = await lookup('ResourceName', options.apiId);
    if (byName.some((e) => APIGATEWAY_SOURCES.has(e.source))) {
      result.events.push(...byName);
    } else {
      // CloudTrail did not index this API's events by its id: read every API Gateway event instead.
      result.strategy = 'event-source';
      const bySource = await lookup('EventSource', APIGATEWAY_SOURCE);
      result.events.push(...byName, ...bySource.filter((e) => e.apiId === options.apiId));
    }
    for (const name of options.resourceNames ?? [])
      result.events.push(...(await lookup('ResourceName', name)));
  } finally {
    client.destroy();
  }
  return result;
}
