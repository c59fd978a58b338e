import { InputError } from '../../model/errors.js';
import type { HttpApiModel, RestApiModel } from '../../model/types.js';
import { classifyEndpoint, parseUrl, UrlError } from '../../simulate/endpoint.js';
import { splitRequestPath } from '../../simulate/router/rest-router.js';
import type { AwsSession } from '../../collect/aws/session.js';
import { EXIT } from '../exit-codes.js';
import { write } from '../io.js';

export interface TimelineFlags {
  api?: string;
  region?: string;
  profile?: string;
  since?: string;
  until?: string;
  failuresSince?: string;
  output: string;
  endpointUrl?: string;
  health?: boolean;
  domain?: string[];
  stage?: string;
}

/** LookupEvents holds the last 90 days of management events. */
const CLOUDTRAIL_DAYS = 90;

/** "24h", "90m", "7d" (before `now`) or an ISO 8601 time. */
export function parseTime(value: string, flag: string, now: Date): Date {
  const relative = /^(\d+)\s*([smhd])$/.exec(value.trim());
  if (relative) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(relative[1]) * unit);
  }
  // A bare date or a time without zone is read as UTC, the timeline's only zone.
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? `${value}T00:00:00Z`
    : /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)
      ? `${value}Z`
      : value;
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime()))
    throw new InputError(
      `${flag} takes a duration (24h, 90m, 7d) or an ISO 8601 time, not ${JSON.stringify(value)}`,
    );
  return date;
}

interface Target {
  apiId?: string;
  region?: string;
  stage?: string;
  domain?: string;
  url?: string;
}

function targetOf(url: string | undefined, flags: TimelineFlags): Target {
  if (url && flags.api) throw new InputError('give either a URL or --api ID, not both');
  if (!url) {
    if (!flags.api) throw new InputError('say which API: apigw-doctor timeline URL, or --api ID --region R');
    return { apiId: flags.api, ...(flags.stage ? { stage: flags.stage } : {}) };
  }
  let endpoint;
  try {
    endpoint = classifyEndpoint(parseUrl(url), {});
  } catch (error) {
    if (error instanceof UrlError) throw new InputError(error.message, { cause: error });
    throw error;
  }
  if (endpoint.kind === 'aws-service')
    throw new InputError(`${url} is ${endpoint.description}, not an API's invoke URL`);
  if (endpoint.kind === 'custom-domain') return { domain: endpoint.host, url };
  const stage = flags.stage ?? splitRequestPath(endpoint.path)[0];
  return {
    ...(endpoint.apiId ? { apiId: endpoint.apiId } : {}),
    ...(endpoint.region ? { region: endpoint.region } : {}),
    ...(stage ? { stage } : {}),
  };
}

type CurrentApi = RestApiModel | HttpApiModel;

/** The API as it is now, for resource paths and stages; a failure only leaves a note. */
async function readCurrentApi(
  session: AwsSession,
  region: string,
  target: Target,
  notes: string[],
): Promise<{ api?: CurrentApi; apiId?: string; stage?: string }> {
  const [{ Collector, collectForUrl, envelope, NOT_FOUND }, { inventoryFromSnapshot }] = await Promise.all([
    import('../../collect/aws/collect.js'),
    import('../../sources/snapshot.js'),
  ]);
  try {
    if (target.url) {
      // A custom domain: its mappings say which API and stage the URL reaches.
      const { snapshot } = await collectForUrl(session, target.url, {}, region);
      const inventory = inventoryFromSnapshot(snapshot, 'live');
      const domain = inventory.domains[0];
      const path = parseUrl(target.url).path;
      const mapping = domain?.mappings
        .filter((m) => m.basePath === '' || path === `/${m.basePath}` || path.startsWith(`/${m.basePath}/`))
        .sort((a, b) => b.basePath.length - a.basePath.length)[0];
      const api = inventory.apis.find((a) => a.id === mapping?.apiId) ?? inventory.apis[0];
      return {
        ...(api ? { api, apiId: api.id } : mapping ? { apiId: mapping.apiId } : {}),
        ...(mapping?.stage ? { stage: mapping.stage } : {}),
      };
    }
    const collector = new Collector(session);
    const apiId = target.apiId!;
    const rest = await collector.restApi(region, apiId, undefined, false);
    const entry: Record<string, unknown> = { region };
    if (rest !== NOT_FOUND) entry.restApis = [rest];
    else {
      const http = await collector.httpApi(region, apiId);
      if (http === NOT_FOUND) {
        notes.push(`API ${apiId} does not exist now in ${region}: the events are all that is left of it`);
        return {};
      }
      entry.httpApis = [http];
    }
    for (const p of collector.problems)
      notes.push(
        `not read from API Gateway: ${p.operation} (${p.code}); paths and stages come from the events only`,
      );
    const api = inventoryFromSnapshot(envelope([entry as never]), 'live').apis.find((a) => a.id === apiId);
    return api ? { api } : {};
  } catch (error) {
    notes.push(
      `the current API was not read (${(error as Error).message.split('\n')[0]}): paths and stages come from the events only`,
    );
    return {};
  }
}

/** `apigw-doctor timeline`: who changed what on an API, from CloudTrail, with AWS Health. */
export async function runTimeline(url: string | undefined, flags: TimelineFlags): Promise<number> {
  if (flags.output !== 'text' && flags.output !== 'json')
    throw new InputError(`--output takes text or json, not ${JSON.stringify(flags.output)}`);
  const now = new Date();
  const target = targetOf(url, flags);
  const end = flags.until ? parseTime(flags.until, '--until', now) : now;
  const start = parseTime(flags.since ?? '24h', '--since', end);
  if (start >= end) throw new InputError('--since must be before --until');
  const failureStart = flags.failuresSince
    ? parseTime(flags.failuresSince, '--failures-since', now)
    : undefined;
  const region =
    target.region ?? flags.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? undefined;
  if (!region) throw new InputError('say which region: --region R, or set AWS_REGION');
  const notes: string[] = [];
  const oldest = new Date(now.getTime() - CLOUDTRAIL_DAYS * 86_400_000);
  if (start < oldest)
    notes.push(
      `CloudTrail event history holds the last ${CLOUDTRAIL_DAYS} days: nothing before ${oldest.toISOString().replace(/\.\d{3}Z$/, 'Z')} can be seen`,
    );

  const [{ AwsSession }, live] = await Promise.all([
    import('../../collect/aws/session.js'),
    import('../../evidence/live/index.js'),
  ]);
  const options: import('../../collect/aws/session.js').AwsOptions = { region };
  if (flags.profile) options.profile = flags.profile;
  if (flags.endpointUrl) options.endpoint = flags.endpointUrl;
  const session = new AwsSession(options);
  try {
    // Credentials first: a missing or expired one is one clear error before any call.
    await (
      await session.credentials()
    )();
    const domains = [...(flags.domain ?? []), ...(target.domain ? [target.domain] : [])];
    let current: Awaited<ReturnType<typeof readCurrentApi>> = {};
    if (target.domain) current = await readCurrentApi(session, region, target, notes);
    const apiId = target.apiId ?? current.apiId;
    if (!apiId)
      throw new InputError(
        `no API is mapped to ${url} (read its custom domain with apigw-doctor snapshot --domain)`,
      );
    const [lookup, read] = await Promise.all([
      live.lookupApiEvents(session, { region, apiId, start, end, resourceNames: domains }),
      target.domain ? Promise.resolve(current) : readCurrentApi(session, region, { apiId }, notes),
    ]);
    const window = { start: live.isoSeconds(start), end: live.isoSeconds(end) };
    const timeline = live.buildTimeline(lookup.events, read.api, { apiId, window, region, domains });
    if (lookup.strategy === 'event-source')
      notes.push(
        `CloudTrail had no event indexed under ${apiId}: every API Gateway event of ${region} was read and filtered by API id`,
      );
    if (lookup.truncated)
      notes.push('the window holds more events than were read: narrow it with --since/--until');
    const report: import('../../evidence/live/render.js').TimelineReport = {
      timeline,
      lookup: {
        calls: lookup.calls,
        retries: lookup.retries,
        strategy: lookup.strategy,
        truncated: lookup.truncated,
      },
      notes,
    };
    const stage = target.stage ?? current.stage;
    if (failureStart) {
      const failure = live.isoSeconds(failureStart);
      report.correlation = {
        failureStart: failure,
        statements: live.correlate(timeline, failure, stage ? { stage } : {}),
      };
    }
    if (flags.health) {
      const result = await live.describeHealth(session, { regions: [region], start });
      report.health = {
        result,
        statements:
          result.status === 'ok'
            ? live.correlateHealth(result.events, window, [region], report.correlation?.failureStart)
            : [],
      };
    }
    write(
      flags.output === 'json'
        ? `${JSON.stringify(live.timelineJson(report), null, 2)}\n`
        : live.timelineText(report),
    );
    process.stderr.write(
      `apigw-doctor timeline: ${lookup.calls} LookupEvents call${lookup.calls === 1 ? '' : 's'}${lookup.retries ? ` (${lookup.retries} retried after throttling)` : ''}, ${timeline.entries.length} changes, ${session.elapsedMs} ms\n`,
    );
    return EXIT.ok;
  } finally {
    await session.destroy();
  }
}
