import type { Basis } from './types.js';

/**
 * API Gateway's gateway response types with their default status, message and x-amzn-ErrorType.
 * Sources: shared/reference/gateway-behavior.md §4.1 (GetGatewayResponses recorded against AWS,
 * the supported-gateway-response-types page and the Knowledge Center 403 table).
 */
export interface GatewayResponseDefault {
  status: number;
  message: string;
  errorType?: string;
  /** ACCESS_DENIED is serialised with a capital `Message` key. */
  messageKey?: 'message' | 'Message';
  basis: Basis;
  family: '4XX' | '5XX';
}

export const GATEWAY_RESPONSE_DEFAULTS: Record<string, GatewayResponseDefault> = {
  ACCESS_DENIED: {
    status: 403,
    message: 'User: anonymous is not authorized to perform: execute-api:Invoke',
    errorType: 'AccessDeniedException',
    messageKey: 'Message',
    basis: 'documented',
    family: '4XX',
  },
  API_CONFIGURATION_ERROR: {
    status: 500,
    message: 'Internal server error',
    errorType: 'InternalServerErrorException',
    basis: 'inferred',
    family: '5XX',
  },
  AUTHORIZER_CONFIGURATION_ERROR: {
    status: 500,
    message: 'Internal server error',
    errorType: 'AuthorizerConfigurationException',
    basis: 'inferred',
    family: '5XX',
  },
  AUTHORIZER_FAILURE: {
    status: 500,
    message: 'Internal server error',
    errorType: 'AuthorizerFailureException',
    basis: 'inferred',
    family: '5XX',
  },
  BAD_REQUEST_BODY: {
    status: 400,
    message: 'Invalid request body',
    errorType: 'BadRequestException',
    basis: 'documented',
    family: '4XX',
  },
  BAD_REQUEST_PARAMETERS: {
    status: 400,
    message: 'Missing required request parameters',
    errorType: 'BadRequestException',
    basis: 'documented',
    family: '4XX',
  },
  EXPIRED_TOKEN: {
    status: 403,
    message: 'Signature expired',
    errorType: 'InvalidSignatureException',
    basis: 'documented',
    family: '4XX',
  },
  INTEGRATION_FAILURE: {
    status: 504,
    message: 'Internal server error',
    errorType: 'InternalServerErrorException',
    basis: 'documented',
    family: '5XX',
  },
  INTEGRATION_TIMEOUT: {
    status: 504,
    message: 'Endpoint request timed out',
    errorType: 'InternalServerErrorException',
    basis: 'community',
    family: '5XX',
  },
  INVALID_API_KEY: {
    status: 403,
    message: 'Forbidden',
    errorType: 'ForbiddenException',
    basis: 'documented',
    family: '4XX',
  },
  INVALID_SIGNATURE: {
    status: 403,
    message:
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    errorType: 'InvalidSignatureException',
    basis: 'documented',
    family: '4XX',
  },
  MISSING_AUTHENTICATION_TOKEN: {
    status: 403,
    message: 'Missing Authentication Token',
    errorType: 'MissingAuthenticationTokenException',
    basis: 'recorded',
    family: '4XX',
  },
  QUOTA_EXCEEDED: {
    status: 429,
    message: 'Limit Exceeded',
    errorType: 'LimitExceededException',
    basis: 'community',
    family: '4XX',
  },
  REQUEST_TOO_LARGE: {
    status: 413,
    message: 'Request Too Long',
    errorType: 'RequestTooLargeException',
    basis: 'inferred',
    family: '4XX',
  },
  RESOURCE_NOT_FOUND: {
    status: 404,
    message: 'Not Found',
    errorType: 'ResourceNotFoundException',
    basis: 'inferred',
    family: '4XX',
  },
  THROTTLED: {
    status: 429,
    message: 'Too Many Requests',
    errorType: 'TooManyRequestsException',
    basis: 'community',
    family: '4XX',
  },
  UNAUTHORIZED: {
    status: 401,
    message: 'Unauthorized',
    errorType: 'UnauthorizedException',
    basis: 'documented',
    family: '4XX',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'Unsupported Media Type',
    errorType: 'UnsupportedMediaTypeException',
    basis: 'community',
    family: '4XX',
  },
  WAF_FILTERED: {
    status: 403,
    message: 'Forbidden',
    errorType: 'WAFFilteredException',
    basis: 'inferred',
    family: '4XX',
  },
};

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSE_DEFAULTS;

/** The default template every gateway response carries (recorded from GetGatewayResponses). */
export const DEFAULT_RESPONSE_TEMPLATE = '{"message":$context.error.messageString}';

/** Maps an `x-amzn-ErrorType` seen on the wire back to the response type(s) that produce it. */
export function responseTypesForErrorType(errorType: string): string[] {
  const bare = errorType.split(':')[0]?.trim() ?? '';
  return Object.entries(GATEWAY_RESPONSE_DEFAULTS)
    .filter(([, d]) => d.errorType === bare)
    .map(([type]) => type);
}
