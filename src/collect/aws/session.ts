import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { DoctorError } from '../../model/errors.js';

/**
 * One AWS session: credentials from the standard chain (environment, shared config and credentials
 * files, --profile, SSO and assume-role profiles, container and instance roles), SDK v3 clients per
 * region with adaptive retries, and a record of every call (for "N calls in M rounds").
 * The SDK is imported here only, and only when a live command runs.
 */

export interface AwsOptions {
  profile?: string;
  /** Default region when the URL does not name one. */
  region?: string;
  /** LocalStack, tests: every client talks to this endpoint. */
  endpoint?: string;
  /** Explicit credentials (tests); otherwise the default chain. */
  credentials?: AwsCredentialIdentity;
  /** A credential provider (an assumed role, a scan's account); used as it is, before the default chain. */
  credentialProvider?: AwsCredentialIdentityProvider;
  maxAttempts?: number;
  /** Called with every client this session makes (the fleet scan adds its rate limiter here). */
  onClient?: (client: { middlewareStack: { add: (...args: never[]) => void } }, region: string) => void;
}

export interface CallRecord {
  service: 'apigateway' | 'apigatewayv2' | 'sts';
  operation: string;
  region: string;
  round: number;
  startedMs: number;
  durationMs: number;
  /** The error name when the call failed (after the SDK's retries). */
  error?: string;
}

/** Credentials or permissions: exit code 4. */
export class AwsAuthError extends DoctorError {
  override name = 'AwsAuthError';
  override readonly exitCode = 4;
}

/** AWS answered with something other than the data (throttled after retries, network down): exit code 5. */
export class AwsServiceError extends DoctorError {
  override name = 'AwsServiceError';
  override readonly exitCode = 5;
}

const AUTH_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredTokenException',
  'ExpiredToken',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'TokenRefreshRequired',
]);

export function errorName(error: unknown): string {
  const e = error as { name?: string; Code?: string; code?: string };
  return e?.name ?? e?.Code ?? e?.code ?? 'Error';
}

/** Turns an SDK failure that ends the command into a one-line error with its exit code. */
export function fatalAwsError(error: unknown, what: string): DoctorError {
  // Already one line with its exit code (e.g. credentials that failed to load): keep it as it is.
  if (error instanceof DoctorError) return error;
  const name = errorName(error);
  const message = ((error as Error)?.message ?? String(error)).split('\n')[0];
  if (AUTH_ERRORS.has(name) || /credential/i.test(name)) {
    const hint =
      name === 'CredentialsProviderError' || /Could not load credentials/i.test(message ?? '')
        ? ' (set AWS_PROFILE or --profile, run `aws configure` or `aws sso login`)'
        : /expired/i.test(`${name} ${message}`)
          ? ' (the session expired: refresh it, e.g. `aws sso login`)'
          : '';
    return new AwsAuthError(`AWS credentials failed while ${what}: ${name}: ${message}${hint}`, {
      cause: error,
    });
  }
  if (name === 'TooManyRequestsException' || name === 'ThrottlingException') {
    return new AwsServiceError(
      `throttled by API Gateway while ${what}, after the SDK's retries: the management API allows 10 requests per second per account, shared with your pipelines; try again in a minute`,
      { cause: error },
    );
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code && /^E[A-Z]+$/.test(code)) {
    return new AwsServiceError(`cannot reach AWS while ${what}: ${code} ${message}`, { cause: error });
  }
  return new AwsServiceError(`AWS error while ${what}: ${name}: ${message}`, { cause: error });
}

export class AwsSession {
  readonly calls: CallRecord[] = [];
  round = 1;
  readonly #started = performance.now();
  readonly #v1 = new Map<string, Promise<APIGatewayClient>>();
  readonly #v2 = new Map<string, Promise<ApiGatewayV2Client>>();
  #credentials: AwsCredentialIdentityProvider | undefined;

  constructor(readonly options: AwsOptions) {}

  async credentials(): Promise<AwsCredentialIdentityProvider> {
    if (this.#credentials) return this.#credentials;
    if (this.options.credentialProvider) return (this.#credentials = this.options.credentialProvider);
    if (this.options.credentials) {
      const fixed = this.options.credentials;
      return (this.#credentials = async () => fixed);
    }
    const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
    const chain = fromNodeProviderChain(this.options.profile ? { profile: this.options.profile } : {});
    // Resolve once: a missing or expired credential is one clear error, not one per call.
    let resolved: AwsCredentialIdentity | undefined;
    this.#credentials = async () => {
      if (resolved && (!resolved.expiration || resolved.expiration.getTime() - Date.now() > 60_000))
        return resolved;
      try {
        resolved = await chain();
        return resolved;
      } catch (error) {
        throw fatalAwsError(error, 'loading credentials');
      }
    };
    return this.#credentials;
  }

  #clientConfig(region: string): Record<string, unknown> {
    const config: Record<string, unknown> = {
      region,
      retryMode: 'adaptive',
      maxAttempts: this.options.maxAttempts ?? 5,
    };
    if (this.options.endpoint) config.endpoint = this.options.endpoint;
    if (this.options.profile) config.profile = this.options.profile;
    return config;
  }

  apigateway(region: string): Promise<APIGatewayClient> {
    let client = this.#v1.get(region);
    if (!client) {
      client = (async () => {
        const { APIGatewayClient } = await import('@aws-sdk/client-api-gateway');
        const c = new APIGatewayClient({
          ...this.#clientConfig(region),
          credentials: await this.credentials(),
        });
        this.#record(c, 'apigateway', region);
        return c;
      })();
      this.#v1.set(region, client);
    }
    return client;
  }

  /**
   * A client that never retries on its own: for calls that are not idempotent (CreateDeployment),
   * where a retry after a lost answer would create a second deployment. The caller retries only on
   * throttling, which means the call did not happen.
   */
  async apigatewaySingleShot(region: string): Promise<APIGatewayClient> {
    const { APIGatewayClient } = await import('@aws-sdk/client-api-gateway');
    const c = new APIGatewayClient({
      ...this.#clientConfig(region),
      maxAttempts: 1,
      credentials: await this.credentials(),
    });
    this.#record(c, 'apigateway', region);
    this.#extra.push(c);
    return c;
  }

  readonly #extra: { destroy(): void }[] = [];

  apigatewayv2(region: string): Promise<ApiGatewayV2Client> {
    let client = this.#v2.get(region);
    if (!client) {
      client = (async () => {
        const { ApiGatewayV2Client } = await import('@aws-sdk/client-apigatewayv2');
        const c = new ApiGatewayV2Client({
          ...this.#clientConfig(region),
          credentials: await this.credentials(),
        });
        this.#record(c, 'apigatewayv2', region);
        return c;
      })();
      this.#v2.set(region, client);
    }
    return client;
  }

  /**
   * Records every command a client sends (each page of a paginator is one), with the round it was
   * sent in. The middleware sits before the retry step, so a retried call counts once.
   */
  #record(
    client: { middlewareStack: { add: (...args: never[]) => void } },
    service: CallRecord['service'],
    region: string,
  ): void {
    this.options.onClient?.(client, region);
    const add = client.middlewareStack.add as unknown as (
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ) => void;
    add(
      (next, context) => async (args) => {
        const start = performance.now();
        const record: CallRecord = {
          service,
          operation: (context.commandName ?? 'Unknown').replace(/Command$/, ''),
          region,
          round: this.round,
          startedMs: Math.round(start - this.#started),
          durationMs: 0,
        };
        this.calls.push(record);
        try {
          return await next(args);
        } catch (error) {
          record.error = errorName(error);
          throw error;
        } finally {
          record.durationMs = Math.round(performance.now() - start);
        }
      },
      { step: 'initialize', name: 'apigwDoctorCallRecorder' },
    );
  }

  get elapsedMs(): number {
    return Math.round(performance.now() - this.#started);
  }

  get rounds(): number {
    return Math.max(0, ...this.calls.map((c) => c.round));
  }

  async destroy(): Promise<void> {
    for (const client of [...this.#v1.values(), ...this.#v2.values()]) (await client).destroy();
    for (const client of this.#extra) client.destroy();
  }
}
