import { epochSeconds, JsonError, startJsonServer, type JsonCall } from './aws-json.js';

// A loopback fake of AWS Health's DescribeEvents (API version 2016-08-04), on the awsJson1_1 protocol
// the installed @aws-sdk/client-health speaks (X-Amz-Target AWSHealth_20160804.DescribeEvents, signing
// name "health"). It serves events in the DescribeEvents shape
// (https://docs.aws.amazon.com/health/latest/APIReference/API_Event.html, times as ISO strings here,
// epoch seconds on the wire) and applies the filter fields the timeline uses: services, regions,
// eventStatusCodes, lastUpdatedTimes, startTimes (ANDed across fields, ORed within one), newest
// lastUpdatedTime first, maxResults 10..100 with nextToken pagination.
// `subscriptionRequired` answers as AWS does for an account without a Business, Enterprise On-Ramp or
// Enterprise Support plan (https://docs.aws.amazon.com/health/latest/APIReference/Welcome.html).

type Json = Record<string, unknown>;

export interface FakeHealthOptions {
  events: Json[];
  subscriptionRequired?: boolean;
}

export interface FakeHealth {
  url: string;
  calls: JsonCall[];
  close(): Promise<void>;
}

const list = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);

function inRanges(value: unknown, ranges: unknown): boolean {
  if (!Array.isArray(ranges) || ranges.length === 0) return true;
  if (typeof value !== 'string') return false;
  const t = epochSeconds(value);
  return ranges.some((r: Json) => {
    const from = typeof r.from === 'number' ? r.from : -Infinity;
    const to = typeof r.to === 'number' ? r.to : Infinity;
    return t >= from && t <= to;
  });
}

export async function startFakeHealth(options: FakeHealthOptions): Promise<FakeHealth> {
  const server = await startJsonServer({
    targets: ['AWSHealth_20160804', 'com.amazonaws.health.v20160804.AWSHealth_20160804'],
    signingName: 'health',
    handle(operation, input) {
      if (options.subscriptionRequired)
        throw new JsonError(
          400,
          'SubscriptionRequiredException',
          'The requested service requires a Business, Enterprise On-Ramp, or Enterprise Support plan.',
        );
      if (operation !== 'DescribeEvents')
        throw new JsonError(
          400,
          'UnknownOperationException',
          `this fake serves DescribeEvents only, not ${operation}`,
        );
      const filter = (input.filter ?? {}) as Json;
      const max = input.maxResults === undefined ? 100 : Number(input.maxResults);
      if (!Number.isInteger(max) || max < 10 || max > 100)
        throw new JsonError(400, 'ValidationException', 'maxResults must be between 10 and 100');
      const wanted = (field: string, value: unknown): boolean => {
        const allowed = list(filter[field]);
        return !allowed || allowed.includes(String(value));
      };
      const found = options.events
        .filter((e) => wanted('services', e.service) && wanted('regions', e.region))
        .filter(
          (e) =>
            wanted('eventStatusCodes', e.statusCode) && wanted('eventTypeCategories', e.eventTypeCategory),
        )
        .filter(
          (e) =>
            inRanges(e.lastUpdatedTime, filter.lastUpdatedTimes) && inRanges(e.startTime, filter.startTimes),
        )
        .sort((a, b) => String(b.lastUpdatedTime).localeCompare(String(a.lastUpdatedTime)));
      let offset = 0;
      if (input.nextToken !== undefined) {
        offset = Number.parseInt(String(input.nextToken).replace(/^page-/, ''), 10);
        if (!Number.isInteger(offset) || offset < 0)
          throw new JsonError(400, 'InvalidPaginationToken', 'Invalid pagination token');
      }
      const page = found.slice(offset, offset + max).map((e) => {
        const out: Json = { ...e };
        for (const k of ['startTime', 'endTime', 'lastUpdatedTime'])
          if (typeof e[k] === 'string') out[k] = epochSeconds(e[k] as string);
        return out;
      });
      return { events: page, ...(offset + max < found.length ? { nextToken: `page-${offset + max}` } : {}) };
    },
  });
  return { url: server.url, calls: server.calls, close: () => server.close() };
}
