import type { Classification, ObservedCall } from './types.js';

/** HTTP APIs answer their own errors with these bodies and no x-amzn-ErrorType header. */
const HTTP_API_GATEWAY_MESSAGES = new Set([
  'Not Found',
  'Unauthorized',
  'Forbidden',
  'Internal Server Error',
  'Service Unavailable',
  'Too Many Requests',
  'Request Entity Too Large',
  'Bad Request',
]);

/**
 * Who answered, from the response itself: API Gateway's own error answers carry x-amzn-ErrorType
 * (REST) — an error without it came from the integration; HTTP APIs (apigw-requestid) answer their
 * errors with a fixed `{"message":…}` body instead (shared/reference/gateway-behavior.md §5).
 */
export function originFromAnswer(call: ObservedCall): 'gateway' | 'backend' | null {
  if (call.status === null || call.status < 400) return null;
  if (call.errorType) return 'gateway';
  if (call.plane === 'management') return 'gateway';
  const headers = call.responseHeaders;
  if (headers['apigw-requestid'] !== undefined) {
    return call.errorMessage !== null && HTTP_API_GATEWAY_MESSAGES.has(call.errorMessage)
      ? 'gateway'
      : 'backend';
  }
  if (headers['x-amz-apigw-id'] !== undefined || headers['x-amzn-requestid'] !== undefined) return 'backend';
  return null;
}

function has(pattern: RegExp, ...values: (string | null)[]): boolean {
  return values.some((v) => v !== null && pattern.test(v));
}

/** How the answer failed, from the status, API Gateway's error type and message, and the log's fields. */
export function classify(call: ObservedCall): Classification {
  const status = call.status;
  if (status === null) return 'no-answer';
  if (status < 400) return 'ok';
  const type = call.errorType;
  const rt = call.responseType;
  const message = call.errorMessage ?? (call.body || null);

  if (status >= 500) {
    if (has(/^INTEGRATION_(FAILURE|TIMEOUT)$/, rt) || call.integrationError !== null)
      return 'integration-5xx';
    if (call.origin === 'backend') return 'backend-error';
    if (call.integrationStatus !== null && call.integrationStatus >= 500 && (type !== null || rt !== null))
      return 'integration-5xx';
    if (call.integrationStatus !== null && call.integrationStatus === status && rt === null && type === null)
      return 'backend-error';
    if (type !== null || rt !== null || call.origin === 'gateway') return 'gateway-5xx';
    // A bare status (CLF logs): 502 and 504 are API Gateway's integration failure answers.
    return status === 502 || status === 504 ? 'integration-5xx' : 'gateway-5xx';
  }
  if (call.origin === 'backend') return 'backend-error';
  if (has(/MissingAuthenticationToken/i, type) || rt === 'MISSING_AUTHENTICATION_TOKEN')
    return 'missing-authentication-token';
  if (
    has(/IncompleteSignature/i, type) ||
    has(/missing equal-sign|requires 'Credential'|must begin with the algorithm/, message)
  )
    return 'incomplete-signature';
  if (
    has(
      /InvalidSignature|SignatureDoesNotMatch|ExpiredToken|UnrecognizedClient|InvalidClientTokenId/i,
      type,
    ) ||
    has(/^(INVALID_SIGNATURE|EXPIRED_TOKEN)$/, rt)
  )
    return 'invalid-signature';
  if (
    has(/AccessDenied|UnauthorizedOperation/i, type) ||
    rt === 'ACCESS_DENIED' ||
    has(/is not authorized to perform/, message)
  )
    return 'access-denied';
  if (
    status === 429 ||
    has(/TooManyRequests|Throttl|LimitExceeded/i, type) ||
    has(/^(THROTTLED|QUOTA_EXCEEDED)$/, rt)
  )
    return 'throttled';
  if (status === 401 || rt === 'UNAUTHORIZED' || has(/Unauthorized/i, type)) return 'unauthorized';
  if (has(/^Missing Authentication Token$/, message) && status === 403) return 'missing-authentication-token';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (call.integrationStatus !== null && call.integrationStatus === status && rt === null)
    return 'backend-error';
  return 'client-error';
}

/** What each class means when no configuration is given to say more. */
export const GENERIC_CAUSES: Record<string, string> = {
  'missing-authentication-token':
    'no deployed route matches this method and path on the stage (or an AWS_IAM method was called unsigned); give --snapshot to say which',
  forbidden:
    'API Gateway refused the call: a missing or invalid API key, an unknown stage, a WAF rule, or a disabled endpoint',
  'incomplete-signature':
    'the Authorization header is not a SigV4 signature (a Bearer token sent to an AWS_IAM method or to a route that does not exist)',
  'invalid-signature':
    'the SigV4 signature or credentials were rejected (wrong secret, expired or unknown security token)',
  'access-denied': 'the caller is not allowed (IAM policy, resource policy or a Lambda authorizer denied it)',
  unauthorized: 'the authorizer rejected the caller (missing or invalid token)',
  throttled: 'throttled: a stage, method, usage-plan or account limit was exceeded',
  'not-found':
    'not found (an HTTP API without a matching route or stage, or an unknown resource in the management API)',
  'client-error': 'API Gateway rejected the request (validation, media type, payload size)',
  'gateway-5xx': 'API Gateway failed to process the call (configuration or authorizer error)',
  'integration-5xx': 'the integration failed or timed out behind API Gateway',
  'backend-error': 'the backend itself answered with an error; its own logs say why',
  'no-answer': 'no HTTP answer (network error, DNS, CORS block or timeout)',
  ok: 'ok',
};
