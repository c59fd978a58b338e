import { createHash } from 'node:crypto';
import { epochSeconds, JsonError, startJsonServer, type JsonCall } from './aws-json.js';

// A loopback fake of CloudTrail's LookupEvents (API version 2013-11-01), on the awsJson1_1 protocol the
// installed @aws-sdk/client-cloudtrail speaks (X-Amz-Target CloudTrail_20131101.LookupEvents; the
// long form com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents is accepted too).
//
// It serves CloudTrail records (the S3 log file shape, test/fixtures/cloudtrail/) as LookupEvents does
// (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html):
// - at most one LookupAttribute (InvalidLookupAttributesException otherwise), keys EventId, EventName,
//   ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId;
// - StartTime/EndTime inclusive (InvalidTimeRangeException when reversed), newest event first;
// - MaxResults 1..50, default 50 (InvalidMaxResultsException); an opaque NextToken tied to the query
//   (InvalidNextTokenException when reused with other parameters);
// - the quota, "two per second, per account, per Region": a third call within a second answers
//   ThrottlingException ("Rate exceeded");
// - `denied`: AccessDeniedException naming cloudtrail:LookupEvents.
// Each event's Username and Resources are derived as CloudTrail does in the real LookupEvents output
// quoted in test/fixtures/cloudtrail/README.md: the role session name (or user name), and the API,
// stage, deployment and domain names the call names, with their AWS::ApiGateway::* types.

type Json = Record<string, unknown>;

export interface FakeCloudTrailOptions {
  /** CloudTrail records, as in the `Records` array of a log file. */
  records: Json[];
  accountId?: string;
  /** Answer every call with AccessDeniedException. */
  denied?: boolean;
  /** Requests per second per account and Region before ThrottlingException (default 2; 0 = no quota). */
  perSecond?: number;
  /** Throttle every call (to exhaust the client's retries). */
  throttleAll?: boolean;
}

export interface FakeCloudTrail {
  url: string;
  calls: JsonCall[];
  /** Calls answered with ThrottlingException. */
  readonly throttled: number;
  close(): Promise<void>;
}

const ATTRIBUTE_KEYS = new Set([
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
]);

const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function usernameOf(record: Json): string | undefined {
  const id = obj(record.userIdentity);
  if (id.type === 'Root') return 'root';
  if (id.type === 'AssumedRole') return str(id.arn)?.split('/').at(-1);
  return str(id.userName) ?? str(id.arn)?.split('/').at(-1);
}

function resourcesOf(record: Json): { ResourceType: string; ResourceName: string }[] {
  const rq = obj(record.requestParameters);
  const rs = obj(record.responseElements);
  const input = Object.entries(rq).find(([k, v]) => /Input$/.test(k) && typeof v === 'object')?.[1] as
    Json | undefined;
  const out: { ResourceType: string; ResourceName: string }[] = [];
  const add = (type: string, name: string | undefined) => {
    if (name) out.push({ ResourceType: `AWS::ApiGateway::${type}`, ResourceName: name });
  };
  add('Stage', str(rq.stageName) ?? str(input?.stageName));
  if (record.eventName === 'CreateDeployment') add('Deployment', str(rs.id));
  else add('Deployment', str(rq.deploymentId));
  add('DomainName', str(rq.domainName));
  add('RestApi', str(rq.restApiId) ?? str(input?.restApiId));
  if (!rq.restApiId) add('Api', str(rq.apiId));
  return out;
}

function matches(record: Json, key: string, value: string): boolean {
  switch (key) {
    case 'EventId':
      return record.eventID === value;
    case 'EventName':
      return record.eventName === value;
    case 'ReadOnly':
      return String(record.readOnly) === value;
    case 'Username':
      return usernameOf(record) === value;
    case 'EventSource':
      return record.eventSource === value;
    case 'AccessKeyId':
      return obj(record.userIdentity).accessKeyId === value;
    case 'ResourceType':
      return resourcesOf(record).some((r) => r.ResourceType === value);
    case 'ResourceName':
      return resourcesOf(record).some((r) => r.ResourceName === value);
    default:
      return false;
  }
}

function toLookupEvent(record: Json): Json {
  const event: Json = {
    EventId: record.eventID,
    EventName: record.eventName,
    ReadOnly: String(record.readOnly ?? false),
    EventTime: epochSeconds(String(record.eventTime)),
    EventSource: record.eventSource,
    Resources: resourcesOf(record),
    CloudTrailEvent: JSON.stringify(record),
  };
  const key = obj(record.userIdentity).accessKeyId;
  if (key) event.AccessKeyId = key;
  const username = usernameOf(record);
  if (username) event.Username = username;
  return event;
}

export async function startFakeCloudTrail(options: FakeCloudTrailOptions): Promise<FakeCloudTrail> {
  const perSecond = options.perSecond ?? 2;
  const accepted = new Map<string, number[]>();
  let throttled = 0;
  const server = await startJsonServer({
    targets: ['CloudTrail_20131101', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101'],
    signingName: 'cloudtrail',
    handle(operation, input, context, call) {
      if (operation !== 'LookupEvents')
        throw new JsonError(
          400,
          'UnknownOperationException',
          `this fake serves LookupEvents only, not ${operation}`,
        );
      const account = options.accountId ?? '123456789012';
      if (options.denied)
        throw new JsonError(
          400,
          'AccessDeniedException',
          `User: arn:aws:iam::${account}:user/fake is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action`,
        );
      const bucket = `${account}/${context.region}`;
      const recent = (accepted.get(bucket) ?? []).filter((t) => t > call.at - 1000);
      if (options.throttleAll || (perSecond > 0 && recent.length >= perSecond)) {
        throttled++;
        throw new JsonError(400, 'ThrottlingException', 'Rate exceeded');
      }
      accepted.set(bucket, [...recent, call.at]);

      const attributes = Array.isArray(input.LookupAttributes) ? (input.LookupAttributes as Json[]) : [];
      if (attributes.length > 1)
        throw new JsonError(
          400,
          'InvalidLookupAttributesException',
          'You can only specify one lookup attribute.',
        );
      const attribute = attributes[0];
      if (
        attribute &&
        (!ATTRIBUTE_KEYS.has(String(attribute.AttributeKey)) || !str(attribute.AttributeValue))
      )
        throw new JsonError(400, 'InvalidLookupAttributesException', 'The lookup attribute is not valid.');
      const max = input.MaxResults === undefined ? 50 : Number(input.MaxResults);
      if (!Number.isInteger(max) || max < 1 || max > 50)
        throw new JsonError(400, 'InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
      const start = typeof input.StartTime === 'number' ? input.StartTime : -Infinity;
      const end = typeof input.EndTime === 'number' ? input.EndTime : Infinity;
      if (start > end)
        throw new JsonError(400, 'InvalidTimeRangeException', 'StartTime must be before EndTime.');
      if (input.EventCategory === 'insight') return { Events: [] };

      const query = createHash('sha256')
        .update(JSON.stringify([attribute ?? null, start, end, max]))
        .digest('hex')
        .slice(0, 16);
      let offset = 0;
      if (input.NextToken !== undefined) {
        let token: { q?: string; o?: number } = {};
        try {
          token = JSON.parse(Buffer.from(String(input.NextToken), 'base64').toString('utf8')) as typeof token;
        } catch {
          /* handled below */
        }
        if (token.q !== query || typeof token.o !== 'number')
          throw new JsonError(400, 'InvalidNextTokenException', 'Invalid NextToken.');
        offset = token.o;
      }
      const found = options.records
        .filter((r) => (str(r.awsRegion) ?? context.region) === context.region)
        .filter((r) => {
          const t = epochSeconds(String(r.eventTime));
          return t >= start && t <= end;
        })
        .filter(
          (r) => !attribute || matches(r, String(attribute.AttributeKey), String(attribute.AttributeValue)),
        )
        .sort((a, b) => epochSeconds(String(b.eventTime)) - epochSeconds(String(a.eventTime)));
      const page = found.slice(offset, offset + max);
      const out: Json = { Events: page.map(toLookupEvent) };
      if (offset + max < found.length)
        out.NextToken = Buffer.from(JSON.stringify({ q: query, o: offset + max })).toString('base64');
      return out;
    },
  });
  return {
    url: server.url,
    calls: server.calls,
    get throttled() {
      return throttled;
    },
    close: () => server.close(),
  };
}
