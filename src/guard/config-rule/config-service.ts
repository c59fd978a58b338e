import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { ComplianceType } from './evaluate.js';

/**
 * AWS Config's PutEvaluations through the SDK v3 client (its retries, its signer, its endpoint rules),
 * loaded only when the rule reports. The endpoint override follows the SDK's conventions
 * (AWS_ENDPOINT_URL_CONFIG_SERVICE, then AWS_ENDPOINT_URL), read from the environment given.
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
  ) {
    super(`${code}: ${message}`);
  }
}

export function configEndpoint(env: Record<string, string | undefined> = {}): string | undefined {
  return env.AWS_ENDPOINT_URL_CONFIG_SERVICE ?? env.AWS_ENDPOINT_URL;
}

/** Delivers the evaluations in calls of at most 100; throws if Config refuses any. */
export async function putEvaluations(
  options: ConfigServiceOptions,
  resultToken: string,
  evaluations: Evaluation[],
  testMode = false,
): Promise<void> {
  const { ConfigServiceClient, PutEvaluationsCommand } = await import('@aws-sdk/client-config-service');
  const endpoint = configEndpoint(options.env);
  const client = new ConfigServiceClient({
    region: options.region,
    credentials: options.credentials,
    maxAttempts: options.maxAttempts ?? 4,
    ...(endpoint ? { endpoint } : {}),
  });
  try {
    for (let i = 0; i < evaluations.length || i === 0; i += PUT_EVALUATIONS_MAX) {
      let out;
      try {
        out = await client.send(
          new PutEvaluationsCommand({
            Evaluations: evaluations.slice(i, i + PUT_EVALUATIONS_MAX),
            ResultToken: resultToken,
            ...(testMode ? { TestMode: true } : {}),
          }),
        );
      } catch (error) {
        const name = error instanceof Error ? error.name : 'Error';
        const message = error instanceof Error ? error.message : String(error);
        throw new ConfigServiceError(name, message);
      }
      if (out.FailedEvaluations?.length)
        throw new ConfigServiceError(
          'FailedEvaluations',
          `AWS Config refused ${out.FailedEvaluations.length} evaluation(s): ${JSON.stringify(out.FailedEvaluations).slice(0, 300)}`,
        );
    }
  } finally {
    client.destroy();
  }
}
