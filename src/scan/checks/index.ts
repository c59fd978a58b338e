// One line per check, sorted by id; a test checks this list against the folder and the tests.
import canaryRouteMismatch from './canary-route-mismatch.js';
import type { ScanCheck } from './check.js';
import executeApiDisablePending from './execute-api-disable-pending.js';
import gatewayResponseMissingAuthenticationToken from './gateway-response-missing-authentication-token.js';
import mappingTargetMissing from './mapping-target-missing.js';
import methodAwsIamAuth from './method-aws-iam-auth.js';
import pendingChanges from './pending-changes.js';
import privateEndpointWithoutResourcePolicy from './private-endpoint-without-resource-policy.js';
import rootNoMethod from './root-no-method.js';
import stageWithoutDeployment from './stage-without-deployment.js';

export type { CheckContext, CheckFinding, ScanCheck } from './check.js';

export const SCAN_CHECKS: readonly ScanCheck[] = [
  canaryRouteMismatch,
  executeApiDisablePending,
  gatewayResponseMissingAuthenticationToken,
  mappingTargetMissing,
  methodAwsIamAuth,
  pendingChanges,
  privateEndpointWithoutResourcePolicy,
  rootNoMethod,
  stageWithoutDeployment,
];
