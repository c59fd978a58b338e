/**
 * The Lambda entry points, bundled with esbuild into one file (dist/cli/lambda/config-rule.mjs) with
 * the SDK clients they need: the Node.js runtime's own SDK version varies, this one does not.
 *
 *   config-rule.handler            the AWS Config custom rule (handler.ts)
 *   config-rule.deployLagHandler   the check the deployment-lag state machine runs (deploy-lag.ts)
 *
 * Like src/cli/, this is a process boundary: it alone reads process.env and writes the log.
 */
import { runDeployLagCheck } from './deploy-lag.js';
import { runConfigRule, type ConfigRuleEvent } from './handler.js';

export async function handler(
  event: ConfigRuleEvent,
  context?: { invokedFunctionArn?: string },
): Promise<{ evaluated: number; nonCompliant: number }> {
  const outcome = await runConfigRule(event, {
    env: process.env,
    ...(context?.invokedFunctionArn ? { invokedFunctionArn: context.invokedFunctionArn } : {}),
  });
  const nonCompliant = outcome.evaluations.filter((e) => e.ComplianceType === 'NON_COMPLIANT');
  // One line per invocation: what was judged, and the lagging stages with the reason.
  console.log(
    JSON.stringify({
      messageType: outcome.messageType,
      account: outcome.accountId,
      region: outcome.region,
      evaluated: outcome.evaluations.length,
      nonCompliant: nonCompliant.map((e) => ({ stage: e.ComplianceResourceId, why: e.Annotation })),
    }),
  );
  return { evaluated: outcome.evaluations.length, nonCompliant: nonCompliant.length };
}

export async function deployLagHandler(event: Record<string, unknown>): Promise<unknown> {
  const result = await runDeployLagCheck(event);
  console.log(JSON.stringify({ restApiId: result.restApiId, state: result.state, notify: result.notify }));
  return result;
}
