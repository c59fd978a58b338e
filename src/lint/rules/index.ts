import type { LintRule } from '../types.js';
import { catchAllRoute } from './catch-all-route.js';
import { corsOptionsMissing } from './cors-options-missing.js';
import { customDomainExecuteApiEndpointEnabled } from './custom-domain-execute-api-endpoint-enabled.js';
import { deploymentMissingDependsOn } from './deployment-missing-dependson.js';
import { deploymentNotRedeployedOnChange } from './deployment-not-redeployed-on-change.js';
import { gatewayResponseMissingAuthenticationToken } from './gateway-response-missing-authentication-token.js';
import { httpApiAutoDeployFalseWithoutDeployment } from './httpapi-autodeploy-false-without-deployment.js';
import { methodAwsIamAuth } from './method-aws-iam-auth.js';
import { parseError } from './parse-error.js';
import { privateEndpointWithoutResourcePolicy } from './private-endpoint-without-resource-policy.js';
import { restApiNeverDeployed } from './rest-api-never-deployed.js';
import { stageWithoutDeployment } from './stage-without-deployment.js';

/** Every lint rule, in the order findings are reported for one place. */
export const LINT_RULES: readonly LintRule[] = [
  deploymentNotRedeployedOnChange,
  deploymentMissingDependsOn,
  restApiNeverDeployed,
  stageWithoutDeployment,
  httpApiAutoDeployFalseWithoutDeployment,
  corsOptionsMissing,
  customDomainExecuteApiEndpointEnabled,
  privateEndpointWithoutResourcePolicy,
  methodAwsIamAuth,
  catchAllRoute,
  gatewayResponseMissingAuthenticationToken,
  parseError,
];

export function lintRule(id: string): LintRule | undefined {
  return LINT_RULES.find((rule) => rule.id === id);
}
