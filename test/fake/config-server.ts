import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

// A loopback fake of AWS Config's PutEvaluations and STS AssumeRole, the two services the Config
// rule's Lambda talks to besides API Gateway (test/fake/apigateway-server.ts), on their real wire
// protocols:
// - Config is awsJson1_1: POST / with `X-Amz-Target: StarlingDoveService.<Operation>` (the target prefix
//   of @aws-sdk/client-config-service) and `Content-Type: application/x-amz-json-1.1`; errors are
//   `{"__type": "<Name>", "message": "..."}` with status 400; timestamps epoch seconds. The checks follow
//   the PutEvaluations API reference: at most 100 evaluations; ComplianceType COMPLIANT, NON_COMPLIANT
//   or NOT_APPLICABLE (INSUFFICIENT_DATA is refused); Annotation 1..256 characters; resource id 1..768.
// - STS is awsQuery: form-encoded POST /, XML answers and errors (AssumeRole only).
// Every call must be SigV4-signed, and its signature is verified: for the documented example key pair,
// and for the temporary credentials this fake's AssumeRole handed out. A result token belongs to one
// account: evaluations delivered with credentials of another account are refused, as AWS does.
// Listens on 127.0.0.1 only.

export interface RecordedEvaluation {
  ComplianceResourceType: string;
  ComplianceResourceId: string;
  ComplianceType: string;
  Annotation?: string;
  OrderingTimestamp: number;
}

export interface PutEvaluationsCall {
  resultToken: string;
  account: string;
  accessKeyId: string;
  region: string;
  testMode: boolean;
  evaluations: RecordedEvaluation[];
}

export interface FakeConfigOptions {
  /** Result tokens Config "issued", with the account each belongs to. */
  resultTokens: Record<string, string>;
  /** Roles AssumeRole may hand out credentials for (their account is read from the ARN). */
  assumableRoles?: string[];
}

export interface FakeConfig {
  url: string;
  puts: PutEvaluationsCall[];
  assumed: { roleArn: string; sessionName: string; accessKeyId: string }[];
  /** Refused calls: operation and error name. */
  errors: { operation: string; error: string }[];
  close(): Promise<void>;
}

/** The documented example key pair (AWS General Reference), account 123456789012. */
const KNOWN: Record<string, { secret: string; account: string; sessionToken?: string }> = {
  AKIAIOSFODNN7EXAMPLE: { secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', account: '123456789012' },
};

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function verifySignature(
  req: IncomingMessage,
  body: string,
  keys: typeof KNOWN,
): Promise<{ accessKeyId: string; region: string; service: string; account: string }> {
  const auth = String(req.headers.authorization ?? '');
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) throw new Refusal('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
  const [, accessKeyId, , region, service, signedHeaders, signature] = m as unknown as string[];
  const key = keys[accessKeyId!];
  if (!key)
    throw new Refusal(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      400,
    );
  const headers: Record<string, string> = {};
  for (const name of signedHeaders!.split(';')) headers[name] = String(req.headers[name] ?? '');
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const date = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const signer = new SignatureV4({
    service: service!,
    region: region!,
    credentials: {
      accessKeyId: accessKeyId!,
      secretAccessKey: key.secret,
      ...(key.sessionToken ? { sessionToken: key.sessionToken } : {}),
    },
    sha256: Hash.bind(null, 'sha256'),
  });
  const url = new URL(req.url ?? '/', `http://${headers.host ?? 'localhost'}`);
  const resigned = await signer.sign(
    new HttpRequest({
      method: req.method ?? 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      path: url.pathname,
      headers,
      body,
    }),
    { signingDate: date },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(resigned.headers.authorization))?.[1];
  if (expected !== signature)
    throw new Refusal(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided.',
      403,
    );
  if (key.sessionToken && req.headers['x-amz-security-token'] !== key.sessionToken)
    throw new Refusal(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      403,
    );
  return { accessKeyId: accessKeyId!, region: region!, service: service!, account: key.account };
}

const COMPLIANCE = new Set(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']);

function checkEvaluations(input: Record<string, unknown>): RecordedEvaluation[] {
  const list = input.Evaluations ?? [];
  if (!Array.isArray(list)) throw new Refusal('SerializationException', 'Evaluations must be a list');
  if (list.length > 100)
    throw new Refusal(
      'ValidationException',
      `1 validation error detected: Value at 'evaluations' failed to satisfy constraint: Member must have length less than or equal to 100`,
    );
  return list.map((raw: Record<string, unknown>, i: number) => {
    const where = `evaluations.${i + 1}`;
    const str = (name: string, max: number, required = true): string | undefined => {
      const v = raw[name];
      if (v === undefined && !required) return undefined;
      if (typeof v !== 'string' || v.length < 1 || v.length > max)
        throw new Refusal(
          'ValidationException',
          `1 validation error detected: Value at '${where}.member.${name[0]!.toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must have length between 1 and ${max}`,
        );
      return v;
    };
    const type = str('ComplianceType', 64)!;
    if (!COMPLIANCE.has(type))
      throw new Refusal(
        'InvalidParameterValueException',
        `The ComplianceType ${type} is not valid for PutEvaluations.`,
      );
    if (typeof raw.OrderingTimestamp !== 'number')
      throw new Refusal('SerializationException', 'OrderingTimestamp must be epoch seconds');
    const annotation = str('Annotation', 256, false);
    return {
      ComplianceResourceType: str('ComplianceResourceType', 256)!,
      ComplianceResourceId: str('ComplianceResourceId', 768)!,
      ComplianceType: type,
      ...(annotation !== undefined ? { Annotation: annotation } : {}),
      OrderingTimestamp: raw.OrderingTimestamp,
    };
  });
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function startFakeConfig(options: FakeConfigOptions): Promise<FakeConfig> {
  const keys: typeof KNOWN = { ...KNOWN };
  const puts: PutEvaluationsCall[] = [];
  const assumed: FakeConfig['assumed'] = [];
  const errors: FakeConfig['errors'] = [];

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const requestId = randomUUID();
      const target = String(req.headers['x-amz-target'] ?? '');
      const isSts =
        !target && String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      const operation = isSts
        ? (new URLSearchParams(body).get('Action') ?? 'Unknown')
        : target.replace(/^StarlingDoveService\./, '');
      try {
        if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/')
          throw new Refusal('UnknownOperationException', 'Only POST / is served', 404);
        const caller = await verifySignature(req, body, keys);
        if (isSts) {
          if (caller.service !== 'sts')
            throw new Refusal('InvalidSignatureException', `signed for ${caller.service}`, 403);
          const form = new URLSearchParams(body);
          if (operation !== 'AssumeRole' || form.get('Version') !== '2011-06-15')
            throw new Refusal(
              'InvalidAction',
              `Could not find operation ${operation} for version ${form.get('Version')}`,
            );
          const roleArn = form.get('RoleArn') ?? '';
          const sessionName = form.get('RoleSessionName') ?? '';
          if (!(options.assumableRoles ?? []).includes(roleArn))
            throw new Refusal(
              'AccessDenied',
              `User: arn:aws:sts::${caller.account}:assumed-role/caller is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
              403,
            );
          const account = /^arn:[\w-]+:iam::(\d{12}):role\//.exec(roleArn)?.[1] ?? '000000000000';
          const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
          const secret = randomBytes(30).toString('base64');
          const sessionToken = randomBytes(60).toString('base64');
          keys[accessKeyId] = { secret, account, sessionToken };
          assumed.push({ roleArn, sessionName, accessKeyId });
          const role = roleArn.split('/').pop() ?? 'role';
          const expiration = new Date(
            Date.now() + Number(form.get('DurationSeconds') ?? 3600) * 1000,
          ).toISOString();
          res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
          res.end(
            `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
              `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${xmlEscape(secret)}</SecretAccessKey>` +
              `<SessionToken>${xmlEscape(sessionToken)}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
              `<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:${xmlEscape(sessionName)}</AssumedRoleId>` +
              `<Arn>arn:aws:sts::${account}:assumed-role/${xmlEscape(role)}/${xmlEscape(sessionName)}</Arn></AssumedRoleUser>` +
              `</AssumeRoleResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
          );
          return;
        }
        if (caller.service !== 'config')
          throw new Refusal('InvalidSignatureException', `signed for ${caller.service}`, 403);
        if (req.headers['content-type'] !== 'application/x-amz-json-1.1')
          throw new Refusal(
            'SerializationException',
            `unexpected content type ${req.headers['content-type']}`,
          );
        if (operation !== 'PutEvaluations')
          throw new Refusal('UnknownOperationException', `${target} is not served`);
        const input = JSON.parse(body) as Record<string, unknown>;
        const token = input.ResultToken;
        if (typeof token !== 'string' || token.length === 0)
          throw new Refusal(
            'ValidationException',
            "1 validation error detected: Value null at 'resultToken' failed to satisfy constraint: Member must not be null",
          );
        const evaluations = checkEvaluations(input);
        const testMode = input.TestMode === true;
        if (!testMode) {
          const owner = options.resultTokens[token];
          if (!owner || owner !== caller.account)
            throw new Refusal('InvalidResultTokenException', 'The specified ResultToken is not valid.');
        }
        puts.push({
          resultToken: token,
          account: caller.account,
          accessKeyId: caller.accessKeyId,
          region: caller.region,
          testMode,
          evaluations,
        });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId });
        res.end(JSON.stringify({ FailedEvaluations: [] }));
      } catch (error) {
        const refusal = error instanceof Refusal ? error : new Refusal('InternalFailure', String(error), 500);
        errors.push({ operation, error: refusal.code });
        if (isSts) {
          res.writeHead(refusal.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
          res.end(
            `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>` +
              `<Code>${refusal.code}</Code><Message>${xmlEscape(refusal.message)}</Message></Error>` +
              `<RequestId>${requestId}</RequestId></ErrorResponse>`,
          );
        } else {
          res.writeHead(refusal.status, {
            'content-type': 'application/x-amz-json-1.1',
            'x-amzn-requestid': requestId,
          });
          res.end(JSON.stringify({ __type: refusal.code, message: refusal.message }));
        }
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    puts,
    assumed,
    errors,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
