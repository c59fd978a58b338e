import { listenLoopback } from './loopback.js';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

// The awsJson1_1 wire protocol, as AWS services that speak it answer (CloudTrail, AWS Health), for
// loopback fakes: POST / with `Content-Type: application/x-amz-json-1.1` and
// `X-Amz-Target: <ServiceTarget>.<Operation>`, JSON in and out, timestamps as epoch seconds, errors as
// an HTTP status with `{"__type": "<Code>", "message": "..."}`. Every call must be SigV4-signed for the
// service's signing name; with the documented example key pair the signature is verified too.

type Json = Record<string, unknown>;

export const EXAMPLE_KEY = { id: 'AKIAIOSFODNN7EXAMPLE', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const KNOWN_SECRETS: Readonly<Record<string, string>> = { [EXAMPLE_KEY.id]: EXAMPLE_KEY.secret };

export class JsonError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface JsonCall {
  operation: string;
  /** ms since the server started. */
  at: number;
  region: string;
  status: number;
  error?: string;
  input: Json;
}

export interface JsonServiceContext {
  region: string;
  accessKeyId: string;
}

export interface JsonService {
  /** Accepted X-Amz-Target prefixes, e.g. ["CloudTrail_20131101", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"]. */
  targets: string[];
  signingName: string;
  handle(operation: string, input: Json, context: JsonServiceContext, call: JsonCall): Json;
}

export interface JsonServer {
  url: string;
  calls: JsonCall[];
  close(): Promise<void>;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

interface Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(header: string | undefined): Credential | undefined {
  const m =
    /^AWS4-HMAC-SHA256 +Credential=([^,\s]+), *SignedHeaders=([^,\s]+), *Signature=([0-9a-f]{64})$/.exec(
      header ?? '',
    );
  if (!m) return undefined;
  const scope = m[1]!.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') return undefined;
  return {
    accessKeyId: scope[0]!,
    date: scope[1]!,
    region: scope[2]!,
    service: scope[3]!,
    signedHeaders: m[2]!.split(';'),
    signature: m[3]!,
  };
}

/** The signature AWS computes for a POST / with no query string. */
function expectedSignature(
  req: IncomingMessage,
  body: Buffer,
  credential: Credential,
  secret: string,
): string {
  const headers = credential.signedHeaders
    .map((name) => {
      const raw = req.headers[name];
      const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
      return `${name}:${String(value).trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const payload = String(req.headers['x-amz-content-sha256'] ?? sha256(body));
  const canonical = ['POST', '/', '', headers, credential.signedHeaders.join(';'), payload].join('\n');
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const scope = `${credential.date}/${credential.region}/${credential.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${secret}`, credential.date);
  for (const part of [credential.region, credential.service, 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(toSign).digest('hex');
}

export async function startJsonServer(service: JsonService): Promise<JsonServer> {
  const calls: JsonCall[] = [];
  const started = performance.now();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const target = String(req.headers['x-amz-target'] ?? '');
    const dot = target.lastIndexOf('.');
    const call: JsonCall = {
      operation: dot < 0 ? 'Unknown' : target.slice(dot + 1),
      at: performance.now() - started,
      region: '',
      status: 200,
      input: {},
    };
    calls.push(call);
    let status = 200;
    let reply: Json;
    try {
      if (req.method !== 'POST' || dot < 0 || !service.targets.includes(target.slice(0, dot)))
        throw new JsonError(
          400,
          'UnknownOperationException',
          `unknown operation ${target || '(no X-Amz-Target)'}`,
        );
      if (!String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.1'))
        throw new JsonError(400, 'SerializationException', 'Content-Type must be application/x-amz-json-1.1');
      if (req.headers.authorization === undefined)
        throw new JsonError(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
      const credential = parseAuthorization(req.headers.authorization);
      if (!credential)
        throw new JsonError(400, 'IncompleteSignatureException', 'Authorization header is malformed');
      call.region = credential.region;
      if (credential.service !== service.signingName)
        throw new JsonError(
          400,
          'InvalidSignatureException',
          `Credential should be scoped to correct service: '${service.signingName}'.`,
        );
      const secret = KNOWN_SECRETS[credential.accessKeyId];
      if (secret !== undefined && expectedSignature(req, body, credential, secret) !== credential.signature)
        throw new JsonError(
          400,
          'InvalidSignatureException',
          'The request signature we calculated does not match the signature you provided.',
        );
      try {
        call.input = body.length ? (JSON.parse(body.toString('utf8')) as Json) : {};
      } catch {
        throw new JsonError(400, 'SerializationException', 'the body is not JSON');
      }
      reply = service.handle(call.operation, call.input, credential, call);
    } catch (error) {
      const e =
        error instanceof JsonError
          ? error
          : new JsonError(500, 'InternalFailure', (error as Error).stack ?? String(error));
      status = e.status;
      call.error = e.code;
      reply = { __type: e.code, message: e.message };
    }
    call.status = status;
    const text = JSON.stringify(reply);
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
    });
    res.end(text);
  }

  const { url, close } = await listenLoopback(handle);
  return {
    url,
    calls,
    close,
  };
}

/** awsJson timestamps: epoch seconds (fractions allowed). */
export const epochSeconds = (iso: string): number => Date.parse(iso) / 1000;
