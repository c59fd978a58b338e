// One line per rule, sorted by id; a test checks this list against the folder.
import apiKeyInvalid from './api-key-invalid.js';
import apiKeyMissing from './api-key-missing.js';
import apiNotFound from './api-not-found.js';
import authorizerIdentityMissing from './authorizer-identity-missing.js';
import backendError from './backend-error.js';
import canaryRouteMismatch from './canary-route-mismatch.js';
import corsPreflightNoOptions from './cors-preflight-no-options.js';
import customDomainNoMapping from './custom-domain-no-mapping.js';
import customGatewayResponse from './custom-gateway-response.js';
import executeApiDisablePending from './execute-api-disable-pending.js';
import executeApiEndpointDisabled from './execute-api-endpoint-disabled.js';
import iamBadAuthorizationHeader from './iam-bad-authorization-header.js';
import iamInvokeDenied from './iam-invoke-denied.js';
import iamSignatureScope from './iam-signature-scope.js';
import iamUnsigned from './iam-unsigned.js';
import integrationError from './integration-error.js';
import methodNotFound from './method-not-found.js';
import missingPermission from './missing-permission.js';
import nearMissPath from './near-miss-path.js';
import networkError from './network-error.js';
import notAnApiEndpoint from './not-an-api-endpoint.js';
import notDeployed from './not-deployed.js';
import notInInputs from './not-in-inputs.js';
import ok from './ok.js';
import pendingChanges from './pending-changes.js';
import predictionMismatch from './prediction-mismatch.js';
import privateApiOutsideVpc from './private-api-outside-vpc.js';
import publicApiViaVpcEndpoint from './public-api-via-vpc-endpoint.js';
import resourceNotFound from './resource-not-found.js';
import resourcePolicyDenied from './resource-policy-denied.js';
import rootNoMethod from './root-no-method.js';
import stageInCustomDomainPath from './stage-in-custom-domain-path.js';
import stageMissingInUrl from './stage-missing-in-url.js';
import stageNotFound from './stage-not-found.js';
import unexplainedGatewayError from './unexplained-gateway-error.js';
import unexplainedMissingAuthenticationToken from './unexplained-missing-authentication-token.js';
import vpceApiIdMissing from './vpce-api-id-missing.js';
import wrongApiType from './wrong-api-type.js';
import type { Rule } from '../rule.js';

export const RULES: readonly Rule[] = [
  apiKeyInvalid,
  apiKeyMissing,
  apiNotFound,
  authorizerIdentityMissing,
  backendError,
  canaryRouteMismatch,
  corsPreflightNoOptions,
  customDomainNoMapping,
  customGatewayResponse,
  executeApiDisablePending,
  executeApiEndpointDisabled,
  iamBadAuthorizationHeader,
  iamInvokeDenied,
  iamSignatureScope,
  iamUnsigned,
  integrationError,
  methodNotFound,
  missingPermission,
  nearMissPath,
  networkError,
  notAnApiEndpoint,
  notDeployed,
  notInInputs,
  ok,
  pendingChanges,
  predictionMismatch,
  privateApiOutsideVpc,
  publicApiViaVpcEndpoint,
  resourceNotFound,
  resourcePolicyDenied,
  rootNoMethod,
  stageInCustomDomainPath,
  stageMissingInUrl,
  stageNotFound,
  unexplainedGatewayError,
  unexplainedMissingAuthenticationToken,
  vpceApiIdMissing,
  wrongApiType,
];
