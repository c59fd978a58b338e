import { listenLoopback } from './loopback.js';
import { randomUUID } from 'node:crypto';
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { checkSignature, KNOWN_SECRETS, parseAuthorization } from './apigateway-server.js';

// A loopback fake of Amazon CloudWatch (metrics and alarms) and CloudWatch Logs, speaking the wire
// protocols the installed SDK v3 clients use (checked in node_modules/@aws-sdk/client-cloudwatch*/dist-cjs):
// - CloudWatch 2010-08-01: awsJson1_0 with `awsQueryCompatible` (POST /, `X-Amz-Target:
//   GraniteServiceVersion20100801.<Operation>`, `Content-Type: application/x-amz-json-1.0`, the client adds
//   `x-amzn-query-mode: true`); timestamps are epoch seconds; errors carry `__type` and, for the query
//   compatible error codes, `x-amzn-query-error: <Code>;<Sender|Receiver>`. Signing name `monitoring`.
// - CloudWatch Logs 2014-03-28: awsJson1_1 (`X-Amz-Target: Logs_20140328.<Operation>`,
//   `application/x-amz-json-1.1`); timestamps are epoch milliseconds. Signing name `logs`.
// Calls without an X-Amz-Target (API Gateway's REST-JSON, STS's awsQuery) are forwarded unchanged to
// `forwardTo` (the API Gateway fake), so one endpoint serves every service, as LocalStack does.
// Every call must be SigV4-signed for the right service; with the documented example key the signature
// is verified too. State lives in the returned object for tests to inspect.

type Json = Record<string, unknown>;

export interface MetricSeries {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  /** Raw datapoints (epoch seconds), aggregated per requested period like CloudWatch does. */
  points: { timestamp: number; value: number }[];
}

export interface FakeCloudWatchOptions {
  metrics?: MetricSeries[];
  accountId?: string;
  /** Log groups that exist at start. */
  logGroups?: string[];
  /** Where calls for other services go (the API Gateway fake's URL). */
  forwardTo?: string;
  /** GetMetricData datapoints per page (AWS: up to 100,800); small values exercise NextToken. */
  pageSize?: number;
  /** Operations answered 400 AccessDenied (e.g. `PutMetricAlarm`). */
  denied?: string[];
}

export interface FakeCloudWatchCall {
  service: 'monitoring' | 'logs' | 'forwarded';
  operation: string;
  body: Json;
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeCloudWatch {
  url: string;
  calls: FakeCloudWatchCall[];
  /** Calls that change state (Put*, Create*, Delete*), of CloudWatch and Logs. */
  writes: FakeCloudWatchCall[];
  alarms: Map<string, Json>;
  logGroups: Map<string, { creationTime: number; retentionInDays?: number; filters: Map<string, Json> }>;
  close(): Promise<void>;
}

class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    /** awsQuery error code (CloudWatch), when it differs from the type. */
    readonly queryCode?: string,
  ) {
    super(message);
  }
}

const CW_TARGET = 'GraniteServiceVersion20100801';
const LOGS_TARGET = 'Logs_20140328';
const WRITE = /^(Put|Create|Delete|Set|Tag|Untag|Enable|Disable)/;

const invalid = (message: string): FakeError =>
  new FakeError(400, 'InvalidParameterValueException', message, 'InvalidParameterValue');
const missing = (name: string): FakeError =>
  new FakeError(
    400,
    'MissingRequiredParameterException',
    `The parameter ${name} is required.`,
    'MissingParameter',
  );

function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : Date.parse(value) / 1000;
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// ---- CloudWatch ----------------------------------------------------------------------------------

const STATS = new Set(['Sum', 'Average', 'SampleCount', 'Maximum', 'Minimum']);
const COMPARISONS = new Set([
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
]);
const ANOMALY_COMPARISONS = new Set([
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold',
]);
const MISSING_DATA = new Set(['breaching', 'notBreaching', 'ignore', 'missing']);

function sameDimensions(series: MetricSeries, dims: { Name?: string; Value?: string }[]): boolean {
  const wanted = Object.fromEntries(dims.map((d) => [d.Name, d.Value]));
  const keys = Object.keys(series.dimensions);
  return keys.length === Object.keys(wanted).length && keys.every((k) => wanted[k] === series.dimensions[k]);
}

function aggregate(values: number[], stat: string): number {
  if (stat === 'Sum') return values.reduce((a, b) => a + b, 0);
  if (stat === 'Average') return values.reduce((a, b) => a + b, 0) / values.length;
  if (stat === 'SampleCount') return values.length;
  if (stat === 'Maximum') return Math.max(...values);
  return Math.min(...values);
}

function getMetricData(options: FakeCloudWatchOptions, body: Json): Json {
  const queries = (body.MetricDataQueries as Json[] | undefined) ?? [];
  if (!queries.length) throw missing('MetricDataQueries');
  const start = num(body.StartTime);
  const end = num(body.EndTime);
  if (start === undefined) throw missing('StartTime');
  if (end === undefined) throw missing('EndTime');
  if (end <= start) throw invalid('The parameter StartTime must be less than the parameter EndTime.');
  const ascending = body.ScanBy === 'TimestampAscending';
  const results: { id: string; label: string; points: [number, number][] }[] = [];
  for (const q of queries) {
    const id = String(q.Id ?? '');
    if (!/^[a-z][A-Za-z0-9_]*$/.test(id))
      throw invalid(`The value ${id} for parameter MetricDataQueries.member.Id is not valid.`);
    const stat = q.MetricStat as Json | undefined;
    if (!stat) throw invalid('apigw-doctor fake: only MetricStat queries are served (no Expression)');
    const metric = stat.Metric as Json;
    const period = num(stat.Period) ?? 0;
    if (period < 60 || period % 60 !== 0) throw invalid('The parameter Period must be a multiple of 60.');
    if (!STATS.has(String(stat.Stat))) throw invalid(`The value ${String(stat.Stat)} for Stat is not valid.`);
    const series = (options.metrics ?? []).find(
      (s) =>
        s.namespace === metric.Namespace &&
        s.metricName === metric.MetricName &&
        sameDimensions(s, (metric.Dimensions as { Name?: string; Value?: string }[] | undefined) ?? []),
    );
    const buckets = new Map<number, number[]>();
    for (const p of series?.points ?? []) {
      if (p.timestamp < start || p.timestamp >= end) continue;
      const bucket = start + Math.floor((p.timestamp - start) / period) * period;
      (buckets.get(bucket) ?? buckets.set(bucket, []).get(bucket)!).push(p.value);
    }
    const points = [...buckets.entries()]
      .map(([t, values]): [number, number] => [t, aggregate(values, String(stat.Stat))])
      .sort((a, b) => (ascending ? a[0] - b[0] : b[0] - a[0]));
    if (q.ReturnData !== false) results.push({ id, label: String(metric.MetricName), points });
  }
  // Pages cut across the results in order; the token is the number of datapoints already sent.
  const pageSize = options.pageSize ?? 100_800;
  const offset = body.NextToken ? Number(Buffer.from(String(body.NextToken), 'base64').toString()) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw invalid('The value of NextToken is not valid.');
  let skip = offset;
  let room = pageSize;
  let total = 0;
  const out: Json[] = [];
  for (const r of results) {
    total += r.points.length;
    const from = Math.min(skip, r.points.length);
    skip -= from;
    const slice = r.points.slice(from, from + room);
    room -= slice.length;
    const more = from + slice.length < r.points.length;
    out.push({
      Id: r.id,
      Label: r.label,
      Timestamps: slice.map((p) => p[0]),
      Values: slice.map((p) => p[1]),
      StatusCode: more ? 'PartialData' : 'Complete',
    });
  }
  const sent = offset + pageSize;
  return {
    MetricDataResults: out,
    Messages: [],
    ...(sent < total ? { NextToken: Buffer.from(String(sent)).toString('base64') } : {}),
  };
}

function putMetricAlarm(state: FakeCloudWatch, region: string, accountId: string, body: Json): Json {
  const name = String(body.AlarmName ?? '');
  if (!name) throw missing('AlarmName');
  if (name.length > 255) throw invalid('AlarmName must be at most 255 characters.');
  const evaluation = num(body.EvaluationPeriods);
  if (!evaluation || evaluation < 1) throw missing('EvaluationPeriods');
  const toAlarm = num(body.DatapointsToAlarm);
  if (toAlarm !== undefined && (toAlarm < 1 || toAlarm > evaluation))
    throw invalid('DatapointsToAlarm must be between 1 and EvaluationPeriods.');
  const comparison = String(body.ComparisonOperator ?? '');
  if (body.TreatMissingData !== undefined && !MISSING_DATA.has(String(body.TreatMissingData)))
    throw invalid(`The value ${String(body.TreatMissingData)} for parameter TreatMissingData is not valid.`);
  const metrics = body.Metrics as Json[] | undefined;
  if (metrics) {
    if (body.MetricName !== undefined || body.Namespace !== undefined)
      throw invalid('Metrics list cannot be combined with MetricName, Namespace or Statistic.');
    const band = metrics.find((m) => /^ANOMALY_DETECTION_BAND\(/.test(String(m.Expression ?? '')));
    if (band) {
      if (body.ThresholdMetricId !== band.Id)
        throw invalid('ThresholdMetricId must be the Id of the ANOMALY_DETECTION_BAND expression.');
      if (!ANOMALY_COMPARISONS.has(comparison))
        throw invalid(`ComparisonOperator ${comparison} is not valid for an anomaly detection alarm.`);
      if (body.Threshold !== undefined) throw invalid('Threshold cannot be set with ThresholdMetricId.');
      const arg = /^ANOMALY_DETECTION_BAND\((\w+)\s*(?:,\s*([\d.]+))?\)$/.exec(String(band.Expression));
      if (!arg || !metrics.some((m) => m.Id === arg[1] && m.MetricStat))
        throw invalid(`Invalid metrics expression ${String(band.Expression)}`);
    } else if (!COMPARISONS.has(comparison)) throw invalid(`ComparisonOperator ${comparison} is not valid.`);
  } else {
    for (const p of ['MetricName', 'Namespace', 'Period']) if (body[p] === undefined) throw missing(p);
    if (!STATS.has(String(body.Statistic)) && body.ExtendedStatistic === undefined)
      throw missing('Statistic');
    const period = num(body.Period)!;
    if (period < 10 || (period >= 60 && period % 60 !== 0))
      throw invalid('Period must be 10, 30 or a multiple of 60.');
    if (num(body.Threshold) === undefined) throw missing('Threshold');
    if (!COMPARISONS.has(comparison)) throw invalid(`ComparisonOperator ${comparison} is not valid.`);
  }
  for (const arn of [...((body.AlarmActions as string[]) ?? []), ...((body.OKActions as string[]) ?? [])])
    if (!/^arn:aws[a-z-]*:(sns|autoscaling|ec2|ssm|lambda):/.test(arn))
      throw invalid(`Invalid arn syntax: ${arn}`);
  const previous = state.alarms.get(name);
  state.alarms.set(name, {
    ...body,
    AlarmArn: `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}`,
    StateValue: previous?.StateValue ?? 'INSUFFICIENT_DATA',
    StateReason: 'Unchecked: Initial alarm creation',
    AlarmConfigurationUpdatedTimestamp: Date.now() / 1000,
  });
  return {};
}

function describeAlarms(state: FakeCloudWatch, body: Json): Json {
  const names = body.AlarmNames as string[] | undefined;
  const prefix = body.AlarmNamePrefix as string | undefined;
  const alarms = [...state.alarms.values()].filter(
    (a) =>
      (!names || names.includes(String(a.AlarmName))) && (!prefix || String(a.AlarmName).startsWith(prefix)),
  );
  return { MetricAlarms: alarms, CompositeAlarms: [] };
}

// ---- CloudWatch Logs -----------------------------------------------------------------------------

const RETENTION = new Set([
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
]);
const notFound = (message: string): FakeError => new FakeError(400, 'ResourceNotFoundException', message);

function logGroup(
  state: FakeCloudWatch,
  name: unknown,
): FakeCloudWatch['logGroups'] extends Map<string, infer G> ? G : never {
  const group = state.logGroups.get(String(name ?? ''));
  if (!group) throw notFound('The specified log group does not exist.');
  return group;
}

function logs(state: FakeCloudWatch, region: string, accountId: string, operation: string, body: Json): Json {
  const arn = (name: string): string => `arn:aws:logs:${region}:${accountId}:log-group:${name}`;
  switch (operation) {
    case 'CreateLogGroup': {
      const name = String(body.logGroupName ?? '');
      if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name))
        throw new FakeError(
          400,
          'InvalidParameterException',
          `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint`,
        );
      if (state.logGroups.has(name))
        throw new FakeError(400, 'ResourceAlreadyExistsException', 'The specified log group already exists');
      state.logGroups.set(name, { creationTime: Date.now(), filters: new Map() });
      return {};
    }
    case 'PutRetentionPolicy': {
      const group = logGroup(state, body.logGroupName);
      const days = num(body.retentionInDays) ?? 0;
      if (!RETENTION.has(days))
        throw new FakeError(
          400,
          'InvalidParameterException',
          `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint`,
        );
      group.retentionInDays = days;
      return {};
    }
    case 'DescribeLogGroups': {
      const prefix = String(body.logGroupNamePrefix ?? '');
      const logGroups = [...state.logGroups.entries()]
        .filter(([name]) => name.startsWith(prefix))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .slice(0, num(body.limit) ?? 50)
        .map(([name, g]) => ({
          logGroupName: name,
          creationTime: g.creationTime,
          ...(g.retentionInDays ? { retentionInDays: g.retentionInDays } : {}),
          metricFilterCount: g.filters.size,
          arn: `${arn(name)}:*`,
          logGroupArn: arn(name),
          storedBytes: 0,
          logGroupClass: 'STANDARD',
        }));
      return { logGroups };
    }
    case 'PutMetricFilter': {
      const group = logGroup(state, body.logGroupName);
      const name = String(body.filterName ?? '');
      if (!/^[^:*]{1,512}$/.test(name))
        throw new FakeError(400, 'InvalidParameterException', 'Invalid filterName');
      const pattern = String(body.filterPattern ?? '');
      const open = (pattern.match(/{/g) ?? []).length;
      if (
        open !== (pattern.match(/}/g) ?? []).length ||
        (pattern.trim().startsWith('{') && !/\$\./.test(pattern))
      )
        throw new FakeError(400, 'InvalidParameterException', 'Invalid metric filter pattern');
      const transformations = (body.metricTransformations as Json[] | undefined) ?? [];
      if (
        transformations.length !== 1 ||
        !transformations[0]!.metricName ||
        !transformations[0]!.metricNamespace ||
        !transformations[0]!.metricValue
      )
        throw new FakeError(
          400,
          'InvalidParameterException',
          'metricTransformations must hold one transformation with metricName, metricNamespace and metricValue',
        );
      if (!group.filters.has(name) && group.filters.size >= 100)
        throw new FakeError(400, 'LimitExceededException', 'Resource limit exceeded.');
      group.filters.set(name, {
        filterName: name,
        filterPattern: pattern,
        metricTransformations: transformations,
        creationTime: Date.now(),
        logGroupName: body.logGroupName,
      });
      return {};
    }
    case 'DescribeMetricFilters': {
      const groups = body.logGroupName
        ? [[String(body.logGroupName), logGroup(state, body.logGroupName)] as const]
        : [...state.logGroups.entries()];
      const metricFilters = groups.flatMap(([, g]) =>
        [...g.filters.values()].filter(
          (f) => !body.filterNamePrefix || String(f.filterName).startsWith(String(body.filterNamePrefix)),
        ),
      );
      return { metricFilters };
    }
    default:
      throw new FakeError(
        400,
        'UnknownOperationException',
        `apigw-doctor fake does not serve Logs ${operation}`,
      );
  }
}

// ---- the server ----------------------------------------------------------------------------------

export async function startFakeCloudWatch(options: FakeCloudWatchOptions = {}): Promise<FakeCloudWatch> {
  const accountId = options.accountId ?? '123456789012';
  const state: FakeCloudWatch = {
    url: '',
    calls: [],
    writes: [],
    alarms: new Map(),
    logGroups: new Map(
      (options.logGroups ?? []).map((n) => [n, { creationTime: Date.now(), filters: new Map() }]),
    ),
    close: async () => undefined,
  };

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    state.calls.push({
      service: 'forwarded',
      operation: `${req.method} ${req.url}`,
      body: {},
      status: 0,
      headers: req.headers,
    });
    if (!options.forwardTo) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no X-Amz-Target"}');
      return;
    }
    const target = new URL(options.forwardTo);
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (e) => res.writeHead(502).end(String(e)));
    upstream.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    if (!target) return forward(req, res, body);
    const [prefix, operation = ''] = target.split('.');
    const service = prefix === CW_TARGET ? 'monitoring' : prefix === LOGS_TARGET ? 'logs' : undefined;
    const call: FakeCloudWatchCall = {
      service: service ?? 'monitoring',
      operation,
      body: {},
      status: 0,
      headers: req.headers,
    };
    state.calls.push(call);
    const requestId = randomUUID();
    let reply: Json;
    let status = 200;
    let headers: Record<string, string> = {};
    try {
      if (!service) throw new FakeError(400, 'UnknownOperationException', `unknown target ${target}`);
      const contentType =
        service === 'monitoring' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
      if (req.method !== 'POST' || !String(req.headers['content-type'] ?? '').startsWith(contentType))
        throw new FakeError(400, 'SerializationException', `expected POST with Content-Type ${contentType}`);
      const auth = req.headers.authorization;
      if (!auth)
        throw new FakeError(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
      const credential = parseAuthorization(auth);
      if (typeof credential === 'string')
        throw new FakeError(400, 'IncompleteSignatureException', credential);
      if (credential.service !== service)
        throw new FakeError(
          403,
          'InvalidSignatureException',
          `Credential should be scoped to correct service: '${service}'.`,
        );
      const secret = KNOWN_SECRETS[credential.accessKeyId];
      const q = (req.url ?? '/').indexOf('?');
      if (secret !== undefined) {
        const check = checkSignature(
          req,
          q < 0 ? (req.url ?? '/') : req.url!.slice(0, q),
          q < 0 ? '' : req.url!.slice(q + 1),
          body,
          credential,
          secret,
        );
        if (!check.ok)
          throw new FakeError(
            403,
            'InvalidSignatureException',
            'The request signature we calculated does not match the signature you provided.',
          );
      }
      const parsed = body.length ? (JSON.parse(body.toString('utf8')) as Json) : {};
      call.body = parsed;
      if (WRITE.test(operation)) state.writes.push(call);
      if (options.denied?.includes(operation))
        throw new FakeError(
          400,
          'AccessDeniedException',
          `User: arn:aws:iam::${accountId}:user/fake is not authorized to perform: ${service === 'monitoring' ? 'cloudwatch' : 'logs'}:${operation}`,
          'AccessDenied',
        );
      const region = credential.region;
      if (service === 'monitoring') {
        if (operation === 'GetMetricData') reply = getMetricData(options, parsed);
        else if (operation === 'PutMetricAlarm') reply = putMetricAlarm(state, region, accountId, parsed);
        else if (operation === 'DescribeAlarms') reply = describeAlarms(state, parsed);
        else
          throw new FakeError(
            400,
            'UnknownOperationException',
            `apigw-doctor fake does not serve CloudWatch ${operation}`,
          );
      } else reply = logs(state, region, accountId, operation, parsed);
    } catch (error) {
      const e =
        error instanceof FakeError
          ? error
          : new FakeError(500, 'InternalFailure', String((error as Error).stack ?? error));
      status = e.status;
      const type = service === 'monitoring' ? `com.amazonaws.cloudwatch#${e.type}` : e.type;
      reply = { __type: type, message: e.message };
      if (service === 'monitoring')
        headers = {
          'x-amzn-query-error': `${e.queryCode ?? e.type.replace(/Exception$/, '')};${status >= 500 ? 'Receiver' : 'Sender'}`,
        };
    }
    call.status = status;
    res.writeHead(status, {
      'content-type': service === 'logs' ? 'application/x-amz-json-1.1' : 'application/x-amz-json-1.0',
      'x-amzn-requestid': requestId,
      ...headers,
    });
    res.end(JSON.stringify(reply));
  }

  const loopback = await listenLoopback(handle);
  state.url = loopback.url;
  state.close = loopback.close;
  return state;
}
