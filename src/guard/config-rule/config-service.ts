import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { ComplianceType } from './evaluate.js';

/**
 * AWS Config's PutEvaluations over its wire protocol (awsJson1_1, target prefix StarlingDoveService,
 * SigV4 service "config"), signed with the SDK's own signer. @aws-sdk/client-config-service is not
 * among this project's dependencies; this one operation is all the rule needs, and its endpoint
 * follows the SDK's conventions (AWS_ENDPOINT_URL_CONFIG_SERVICE, then AWS_ENDPOINT_URL).
 */

export interface Evaluation {
  ComplianceResourceType: string;
  ComplianceResourceId: string;
  ComplianceType: ComplianceType;
  Annotation?: string;
  OrderingTimestamp: Date;
}

export interface ConfigServiceOptions {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  /** Environment variables to read the endpoint override from (the Lambda's process.env). */
  env?: Record<string, string | undefined>;
  maxAttempts?: number;
}

/** PutEvaluations takes at most 100 evaluations per call. */
export const PUT_EVALUATIONS_MAX = 100;

export class ConfigServiceError extends Error {
  override name = 'ConfigServiceError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(`${code}: ${message}`);
  }
}

export function configEndpoint(region: string, env: Record<string, string | undefined> = {}): string {
  const override = env.AWS_ENDPOINT_URL_CONFIG_SERVICE ?? env.AWS_ENDPOINT_URL;
  if (override) return override;
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://config.${region}.${suffix}`;
}

function send(
  url: URL,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('ETIMEDOUT: AWS Config did not answer in 30 s')));
    req.on('error', reject);
    req.end(body);
  });
}

async function call(options: ConfigServiceOptions, operation: string, input: unknown): Promise<unknown> {
  const [{ SignatureV4 }, { Hash }, { HttpRequest }] = await Promise.all([
    import('@smithy/signature-v4'),
    import('@smithy/hash-node'),
    import('@smithy/protocol-http'),
  ]);
  const url = new URL(configEndpoint(options.region, options.env));
  const body = JSON.stringify(input);
  const signer = new SignatureV4({
    service: 'config',
    region: options.region,
    credentials: options.credentials,
    sha256: Hash.bind(null, 'sha256'),
  });
  const attempts = options.maxAttempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    const signed = await signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        headers: {
          host: url.host,
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `StarlingDoveService.${operation}`,
        },
        body,
      }),
    );
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) headers[k] = String(v);
    const { status, text } = await send(url, headers, body);
    if (status >= 200 && status < 300) return text ? JSON.parse(text) : {};
    let code = `Http${status}`;
    let message = text.slice(0, 200);
    try {
      const parsed = JSON.parse(text) as { __type?: string; message?: string; Message?: string };
      if (parsed.__type) code = parsed.__type.split('#').pop() ?? code;
      message = parsed.message ?? parsed.Message ?? message;
    } catch {
      // not JSON: keep the start of the body
    }
    const retryable = status >= 500 || code === 'ThrottlingException' || status === 429;
    if (!retryable || attempt >= attempts) throw new ConfigServiceError(code, message, status);
    await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt) * (0.5 + Math.random())));
  }
}

/** Delivers the evaluations in calls of at most 100; throws if Config refuses any. */
export async function putEvaluations(
  options: ConfigServiceOptions,
  resultToken: string,
  evaluations: Evaluation[],
  testMode = false,
): Promise<void> {
  for (let i = 0; i < evaluations.length || i === 0; i += PUT_EVALUATIONS_MAX) {
    const batch = evaluations.slice(i, i + PUT_EVALUATIONS_MAX).map((e) => ({
      ...e,
      // awsJson1_1 timestamps are epoch seconds.
      OrderingTimestamp: e.OrderingTimestamp.getTime() / 1000,
    }));
    const out = (await call(options, 'PutEvaluations', {
      Evaluations: batch,
      ResultToken: resultToken,
      ...(testMode ? { TestMode: true } : {}),
    })) as { FailedEvaluations?: unknown[] };
    if (out.FailedEvaluations?.length)
      throw new ConfigServiceError(
        'FailedEvaluations',
        `AWS Config refused ${out.FailedEvaluations.length} evaluation(s): ${JSON.stringify(out.FailedEvaluations).slice(0, 300)}`,
        200,
      );
  }
}
