import { randomBytes } from 'node:crypto';

// The services a fleet scan calls besides API Gateway, for the loopback fake (apigateway-server.ts routes
// to them): Organizations ListAccounts (awsJson1_1), Account ListRegions (restJson1), CloudTrail
// LookupEvents (awsJson1_1) and STS AssumeRole (awsQuery). Shapes follow the AWS API references:
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
// https://docs.aws.amazon.com/accounts/latest/reference/API_ListRegions.html
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html

export type FleetService = 'organizations' | 'account' | 'cloudtrail';

export interface FleetOptions {
  /** Access key id → account id: calls signed with the key are served from that account of the snapshot. */
  accessKeys?: Record<string, string>;
  /** Organizations ListAccounts: the organization's accounts (default: every account of the snapshot, ACTIVE). */
  organization?: { accounts?: { id: string; name?: string; status?: string }[]; pageSize?: number };
  /** Accounts whose role cannot be assumed (STS AssumeRole answers AccessDenied). */
  unassumableAccounts?: string[];
  /** Regions each account has not enabled: ListRegions says DISABLED; API Gateway there refuses the token. */
  disabledRegions?: Record<string, string[]>;
  /** Regions where each account's API Gateway calls are refused (AccessDeniedException). */
  deniedRegions?: Record<string, string[]>;
  /** CloudTrail management events served by LookupEvents, per account and region. */
  cloudTrailEvents?: {
    account: string;
    region: string;
    eventName: string;
    eventTime: string;
    requestParameters: Record<string, unknown>;
  }[];
}

export interface FleetError {
  status: number;
  errorType: string;
  message: string;
}

const TARGETS: Record<string, FleetService> = {
  AWSOrganizationsV20161128: 'organizations',
  CloudTrail_20131101: 'cloudtrail',
};

/** Which fleet service a request is for, from its X-Amz-Target (JSON 1.1) or its path (Account). */
export function fleetServiceOf(
  method: string,
  path: string,
  target: string | undefined,
): { service: FleetService; operation: string } | undefined {
  if (target) {
    const [prefix, operation] = target.split('.');
    const service = TARGETS[prefix ?? ''];
    if (service) return { service, operation: operation ?? 'Unknown' };
  }
  if (method === 'POST' && path === '/listRegions') return { service: 'account', operation: 'ListRegions' };
  return undefined;
}

export function signingNameOf(service: FleetService): string {
  return service;
}

const jsonReply = (service: FleetService, body: unknown) => ({
  status: 200,
  headers: {
    'content-type': service === 'account' ? 'application/json' : 'application/x-amz-json-1.1',
  },
  body: JSON.stringify(body),
});

export function fleetErrorReply(service: FleetService, error: FleetError, headers: Record<string, string>) {
  // JSON 1.1 carries the type in `__type`; restJson1 in x-amzn-ErrorType (both accepted by the SDK).
  return {
    status: error.status,
    headers: {
      'content-type': service === 'account' ? 'application/json' : 'application/x-amz-json-1.1',
      'x-amzn-errortype': error.errorType,
      ...headers,
    },
    body: JSON.stringify({ __type: error.errorType, message: error.message, Message: error.message }),
  };
}

function page<T>(items: T[], token: unknown, size: number): { items: T[]; next?: string } {
  const start = typeof token === 'string' && /^\d+$/.test(token) ? Number(token) : 0;
  const out: { items: T[]; next?: string } = { items: items.slice(start, start + size) };
  if (start + size < items.length) out.next = String(start + size);
  return out;
}

type Json = Record<string, unknown>;

function snapshotAccounts(snapshot: Json): { accountId: string; regions: string[] }[] {
  const accounts = Array.isArray(snapshot.accounts) ? (snapshot.accounts as Json[]) : [];
  return accounts.map((a) => ({
    accountId: String(a.accountId ?? '123456789012'),
    regions: (Array.isArray(a.regions) ? (a.regions as Json[]) : []).map((r) => String(r.region)),
  }));
}

/** Answers one call of a fleet service for `account` (the caller's) in `region`. */
export function fleetReply(
  service: FleetService,
  operation: string,
  body: Buffer,
  account: string,
  region: string,
  snapshot: Json,
  options: FleetOptions,
): { status: number; headers: Record<string, string>; body: string } {
  let input: Json = {};
  try {
    input = body.length ? (JSON.parse(body.toString('utf8')) as Json) : {};
  } catch {
    throw { status: 400, errorType: 'SerializationException', message: 'invalid JSON' } satisfies FleetError;
  }
  if (service === 'organizations' && operation === 'ListAccounts') {
    const accounts =
      options.organization?.accounts ??
      snapshotAccounts(snapshot).map((a) => ({
        id: a.accountId,
        name: `account-${a.accountId}`,
        status: 'ACTIVE',
      }));
    const size = Math.min(Number(input.MaxResults ?? 20), options.organization?.pageSize ?? 20);
    const { items, next } = page(accounts, input.NextToken, size);
    return jsonReply(service, {
      Accounts: items.map((a) => ({
        Id: a.id,
        Arn: `arn:aws:organizations::${account}:account/o-example/${a.id}`,
        Email: `${a.id}@example.com`,
        Name: a.name ?? a.id,
        Status: a.status ?? 'ACTIVE',
        State: a.status ?? 'ACTIVE',
        JoinedMethod: 'CREATED',
        JoinedTimestamp: 1700000000,
      })),
      ...(next ? { NextToken: next } : {}),
    });
  }
  if (service === 'account' && operation === 'ListRegions') {
    const own = snapshotAccounts(snapshot).find((a) => a.accountId === account)?.regions ?? [];
    const disabled = options.disabledRegions?.[account] ?? [];
    const all = [
      ...own
        .filter((r) => !disabled.includes(r))
        .map((r) => ({ RegionName: r, RegionOptStatus: 'ENABLED_BY_DEFAULT' })),
      ...disabled.map((r) => ({ RegionName: r, RegionOptStatus: 'DISABLED' })),
    ].sort((a, b) => a.RegionName.localeCompare(b.RegionName));
    const wanted = Array.isArray(input.RegionOptStatusContains)
      ? (input.RegionOptStatusContains as string[])
      : [];
    const filtered = wanted.length ? all.filter((r) => wanted.includes(r.RegionOptStatus)) : all;
    const { items, next } = page(filtered, input.NextToken, Number(input.MaxResults ?? 20));
    return jsonReply(service, { Regions: items, ...(next ? { NextToken: next } : {}) });
  }
  if (service === 'cloudtrail' && operation === 'LookupEvents') {
    const attributes = Array.isArray(input.LookupAttributes) ? (input.LookupAttributes as Json[]) : [];
    const eventName = attributes.find((a) => a.AttributeKey === 'EventName')?.AttributeValue;
    const events = (options.cloudTrailEvents ?? [])
      .filter(
        (e) => e.account === account && e.region === region && (!eventName || e.eventName === eventName),
      )
      .sort((a, b) => b.eventTime.localeCompare(a.eventTime));
    const { items, next } = page(events, input.NextToken, Number(input.MaxResults ?? 50));
    return jsonReply(service, {
      Events: items.map((e, i) => ({
        EventId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
        EventName: e.eventName,
        ReadOnly: 'false',
        EventTime: Date.parse(e.eventTime) / 1000,
        EventSource: 'apigateway.amazonaws.com',
        CloudTrailEvent: JSON.stringify({
          eventVersion: '1.08',
          eventTime: e.eventTime,
          eventSource: 'apigateway.amazonaws.com',
          eventName: e.eventName,
          awsRegion: region,
          requestParameters: e.requestParameters,
          recipientAccountId: account,
        }),
      })),
      ...(next ? { NextToken: next } : {}),
    });
  }
  throw {
    status: 400,
    errorType: 'UnknownOperationException',
    message: `apigw-doctor fake does not serve ${service} ${operation}`,
  } satisfies FleetError;
}

/** STS AssumeRole: temporary credentials whose access key id the fake then maps to the role's account. */
export function assumeRole(
  roleArn: string,
  snapshot: Json,
  options: FleetOptions,
  issued: Map<string, string>,
): { xml: string } | FleetError {
  const account = /^arn:aws:iam::(\d{12}):role\/.+$/.exec(roleArn)?.[1];
  const known = snapshotAccounts(snapshot).some((a) => a.accountId === account);
  if (!account || !known || options.unassumableAccounts?.includes(account)) {
    return {
      status: 403,
      errorType: 'AccessDenied',
      message: `User: arn:aws:iam::123456789012:user/fake is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    };
  }
  const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
  issued.set(accessKeyId, account);
  const expiration = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const roleName = roleArn.split('/').pop();
  return {
    xml:
      `<AssumeRoleResult><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId>` +
      `<SecretAccessKey>${randomBytes(20).toString('base64')}</SecretAccessKey>` +
      `<SessionToken>${randomBytes(32).toString('base64')}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
      `<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:apigw-doctor-scan</AssumedRoleId>` +
      `<Arn>arn:aws:sts::${account}:assumed-role/${roleName}/apigw-doctor-scan</Arn></AssumedRoleUser></AssumeRoleResult>`,
  };
}
