import { lines } from '../source.js';
import { capBody, headerRecord, looksLikeGateway, messageOf, parseTime, setUrl } from '../common.js';
import { originFromAnswer } from '../classify.js';
import { emptyCall, type ObservedCall, type ParseSink } from '../types.js';

/** One log record of botocore/awscli: `2026-11-28 16:11:43,120 - MainThread - botocore.auth - DEBUG - …`. */
const RECORD = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) - (\S+) - (\S+) - ([A-Z]+) - (.*)$/;

/** The pairs of a Python dict repr: {'Name': 'value', 'Other': b'bytes'}. */
export function pythonDictPairs(text: string): [string, string][] {
  const out: [string, string][] = [];
  const pattern = /'((?:\\'|[^'])+)': b?(?:'((?:\\\\|\\'|[^'])*)'|"((?:\\\\|\\"|[^"])*)")/g;
  for (const m of text.matchAll(pattern)) out.push([m[1]!, unescapePython(m[2] ?? m[3] ?? '')]);
  return out;
}

function unescapePython(text: string): string {
  return text.replace(/\\(x[0-9a-f]{2}|n|r|t|'|"|\\)/gi, (_m, e: string) =>
    e === 'n'
      ? '\n'
      : e === 'r'
        ? '\r'
        : e === 't'
          ? '\t'
          : e.startsWith('x')
            ? String.fromCharCode(parseInt(e.slice(1), 16))
            : e,
  );
}

interface Attempt {
  call: ObservedCall;
  service: string | null;
  requestHeaders: [string, string][];
  responseHeaders: [string, string][];
  hasResponse: boolean;
}

/** AWS CLI v1 and v2 `--debug` logs: each HTTP attempt the CLI made, with its answer. */
export async function parseAwsCliDebug(
  chunks: AsyncIterable<Buffer>,
  file: string,
  sink: ParseSink,
): Promise<void> {
  let attempt: Attempt | null = null;
  let endpoint: string | null = null;
  let record: { time: string; logger: string; message: string[]; line: number } | null = null;
  let finalError: { code: string; operation: string; message: string } | null = null;
  const emitted: ObservedCall[] = [];

  const finish = () => {
    if (!attempt) return;
    const a = attempt;
    attempt = null;
    const call = a.call;
    call.requestHeaders = headerRecord(a.requestHeaders);
    call.responseHeaders = headerRecord(a.responseHeaders);
    const isGateway = a.service === 'apigateway' || looksLikeGateway(call.host, {}) || a.service === null;
    if (!isGateway) {
      sink.skipped();
      return;
    }
    if (endpoint) call.notes.push(`endpoint ${endpoint}`);
    call.errorType = call.responseHeaders['x-amzn-errortype']?.split(':')[0] ?? null;
    call.errorMessage = messageOf(call.body);
    call.origin = originFromAnswer(call);
    emitted.push(call);
  };

  const handle = (r: NonNullable<typeof record>) => {
    const [first, ...rest] = r.message;
    const message = first ?? '';
    if (r.logger === 'botocore.regions' && message.startsWith('Endpoint provider result: ')) {
      endpoint = message.slice('Endpoint provider result: '.length).trim();
    } else if (
      r.logger === 'botocore.endpoint' &&
      message.startsWith('Making request for OperationModel(name=')
    ) {
      finish();
      const operation = /name=([A-Za-z0-9]+)/.exec(message)?.[1] ?? null;
      const method = /'method': '([A-Z]+)'/.exec(message)?.[1] ?? 'GET';
      const call = emptyCall({
        file,
        line: r.line,
        kind: 'aws-cli-debug',
        plane: 'management',
        method,
        path: '/',
      });
      call.operation = operation;
      const url = /'url': '([^']+)'/.exec(message)?.[1];
      if (url) setUrl(call, url);
      call.plane = call.apiId ? 'data' : 'management';
      const time = parseTime(r.time);
      call.firstTime = time;
      call.lastTime = time;
      attempt = { call, service: null, requestHeaders: [], responseHeaders: [], hasResponse: false };
    } else if (!attempt) {
      return;
    } else if (r.logger === 'botocore.auth' && message.startsWith('CanonicalRequest:')) {
      // Method, path, query, headers…, blank, signed headers, payload hash.
      const signed = rest.length >= 2 ? rest[rest.length - 2] : undefined;
      if (signed && /^[a-z0-9;-]+$/.test(signed)) attempt.call.notes.push(`SigV4 signed headers: ${signed}`);
    } else if (r.logger === 'botocore.auth' && message.startsWith('StringToSign:')) {
      const scope = rest.find((l) => /^\d{8}\/[a-z0-9-]+\/[a-z0-9-]+\/aws4_request$/.test(l));
      if (scope) {
        const [, region, service] = scope.split('/');
        attempt.service = service ?? null;
        attempt.call.region ??= region ?? null;
        attempt.call.notes.push(`SigV4 scope: ${scope}`);
      }
    } else if (r.logger === 'botocore.endpoint' && message.startsWith('Sending http request: ')) {
      const headers = /headers=\{(.*)\}>\s*$/.exec(message)?.[1];
      if (headers) attempt.requestHeaders = pythonDictPairs(headers);
    } else if (r.logger.startsWith('urllib3.connectionpool')) {
      const m = /"[A-Z]+ \S+ HTTP\/[\d.]+" (\d{3})/.exec(message);
      if (m) attempt.call.status = Number(m[1]);
    } else if (r.logger === 'botocore.parsers' && message.startsWith('Response headers: ')) {
      attempt.responseHeaders = pythonDictPairs(message.slice('Response headers: '.length));
      attempt.hasResponse = true;
    } else if (r.logger === 'botocore.parsers' && message.startsWith('Response body:')) {
      const raw = rest.join('\n').trim();
      const literal = /^b?(['"])([\s\S]*)\1$/.exec(raw);
      attempt.call.body = capBody(literal ? unescapePython(literal[2]!) : raw);
    } else if (r.logger === 'botocore.retries.standard' && message.startsWith('Retry needed')) {
      attempt.call.notes.push('the CLI retried this call');
    }
  };

  for await (const line of lines(chunks)) {
    const m = RECORD.exec(line.text);
    if (m) {
      if (record) handle(record);
      record = { time: m[1]!, logger: m[3]!, message: [m[5]!], line: line.number };
      continue;
    }
    const error =
      /^An error occurred \(([A-Za-z0-9.]+)\) when calling the ([A-Za-z0-9]+) operation(?: \([^)]*\))?: (.*)$/.exec(
        line.text,
      );
    if (error) finalError = { code: error[1]!, operation: error[2]!, message: error[3]! };
    if (record && record.message.length < 2000) record.message.push(line.text);
  }
  if (record) handle(record);
  finish();
  // The CLI's last words name the error code even when the headers did not.
  const last = emitted[emitted.length - 1];
  if (finalError && last && last.operation === finalError.operation && last.errorType === null) {
    last.errorType = finalError.code;
    last.errorMessage ??= capBody(finalError.message);
  }
  for (const call of emitted) sink.call(call);
}
