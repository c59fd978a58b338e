/** The evidence kinds `explain` recognises by content. */
export type EvidenceKind =
  | 'har'
  | 'curl-verbose'
  | 'curl-include'
  | 'aws-cli-debug'
  | 'cloudtrail-event'
  | 'cloudtrail-records'
  | 'cloudtrail-lookup-events'
  | 'cloudtrail-lake'
  | 'cloudtrail-lines'
  | 'access-log-json'
  | 'access-log-clf'
  | 'cloudwatch-filter-log-events'
  | 'execution-log';

export const KIND_LABELS: Record<EvidenceKind, string> = {
  har: 'HAR 1.2 (browser developer tools)',
  'curl-verbose': 'curl -v transcript',
  'curl-include': 'curl -i transcript',
  'aws-cli-debug': 'AWS CLI --debug log',
  'cloudtrail-event': 'CloudTrail event',
  'cloudtrail-records': 'CloudTrail log file (S3 delivery)',
  'cloudtrail-lookup-events': 'aws cloudtrail lookup-events output',
  'cloudtrail-lake': 'CloudTrail Lake query results',
  'cloudtrail-lines': 'CloudTrail events, one per line',
  'access-log-json': 'API Gateway access log (JSON)',
  'access-log-clf': 'API Gateway access log (CLF)',
  'cloudwatch-filter-log-events': 'aws logs filter-log-events output',
  'execution-log': 'API Gateway execution log',
};

/** How an answer failed (or did not). */
export type Classification =
  | 'ok'
  | 'missing-authentication-token'
  | 'forbidden'
  | 'incomplete-signature'
  | 'invalid-signature'
  | 'access-denied'
  | 'unauthorized'
  | 'throttled'
  | 'not-found'
  | 'client-error'
  | 'gateway-5xx'
  | 'integration-5xx'
  | 'backend-error'
  | 'no-answer';

export const CLASSIFICATION_LABELS: Record<Classification, string> = {
  ok: 'ok',
  'missing-authentication-token': 'Missing Authentication Token',
  forbidden: 'Forbidden',
  'incomplete-signature': 'IncompleteSignature',
  'invalid-signature': 'InvalidSignature',
  'access-denied': 'access denied',
  unauthorized: 'Unauthorized',
  throttled: 'throttled',
  'not-found': 'not found',
  'client-error': 'client error',
  'gateway-5xx': 'API Gateway 5xx',
  'integration-5xx': 'integration 5xx',
  'backend-error': 'backend error',
  'no-answer': 'no answer',
};

/**
 * One call (or, from access logs, several identical calls aggregated on the fly) to API Gateway.
 * Everything here is already redacted: secrets never enter this structure.
 */
export interface ObservedCall {
  file: string;
  /** 1-based line where the call starts in the file. */
  line: number;
  kind: EvidenceKind;
  /** `data`: an invoke URL (execute-api or custom domain); `management`: the API Gateway control plane. */
  plane: 'data' | 'management';
  /** Epoch milliseconds of the first and last call, when the evidence has times. */
  firstTime: number | null;
  lastTime: number | null;
  count: number;
  method: string;
  /** The AWS API operation (management calls: GetStages, CreateDeployment…). */
  operation: string | null;
  /** The path as requested (REST: starting with the stage), or the route template when that is all the log has. */
  path: string;
  /** Full URL when known. */
  url: string | null;
  host: string | null;
  apiId: string | null;
  stage: string | null;
  region: string | null;
  status: number | null;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  /** Response body, capped. */
  body: string;
  /** x-amzn-ErrorType (without its `:http://…` suffix) or the AWS error code. */
  errorType: string | null;
  errorMessage: string | null;
  /** $context.error.responseType, when the access log has it. */
  responseType: string | null;
  integrationStatus: number | null;
  integrationError: string | null;
  /** Who produced the answer, when the evidence shows it (API Gateway's error headers, the log's fields). */
  origin: 'gateway' | 'backend' | null;
  /** Free facts the parser saw (the SigV4 canonical request's signed headers, the endpoint, the actor…). */
  notes: string[];
}

export function emptyCall(
  base: Pick<ObservedCall, 'file' | 'line' | 'kind' | 'plane' | 'method' | 'path'>,
): ObservedCall {
  // Spelled out: a spread here makes V8 build each call's shape afresh (tens of µs a call).
  return {
    file: base.file,
    line: base.line,
    kind: base.kind,
    plane: base.plane,
    method: base.method,
    path: base.path,
    firstTime: null,
    lastTime: null,
    count: 1,
    operation: null,
    url: null,
    host: null,
    apiId: null,
    stage: null,
    region: null,
    status: null,
    requestHeaders: {},
    responseHeaders: {},
    body: '',
    errorType: null,
    errorMessage: null,
    responseType: null,
    integrationStatus: null,
    integrationError: null,
    origin: null,
    notes: [],
  };
}

/** A change to the configuration seen in CloudTrail (who changed what, when). */
export interface ObservedChange {
  file: string;
  line: number;
  time: number | null;
  eventName: string;
  actor: string | null;
  apiId: string | null;
  stage: string | null;
  summary: string;
  errorCode: string | null;
}

/** What a parser reports for one file. */
export interface ParseSink {
  call(call: ObservedCall): void;
  change(change: ObservedChange): void;
  /** Records, lines or events read that were not calls to API Gateway (other services, noise). */
  skipped(count?: number): void;
  /** The file ended in the middle of a record: what came before was kept. */
  truncated(line: number, detail: string): void;
  /** How many more distinct calls the sink keeps before it only counts them (unbounded when absent). */
  room?(): number;
}

export const BODY_CAP = 2048;
