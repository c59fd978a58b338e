import { createHash } from 'node:crypto';
import type { IacDeployment, IacModel, LintFinding, LintFix, LintRule } from '../types.js';
import { apiOf, cfnList, DOCS, report } from './helpers.js';

/** Terraform parts a deployment's triggers must hash so that any change to them redeploys. */
function tfPartsOf(model: IacModel, deployment: IacDeployment): string[] {
  const kinds =
    deployment.version === 'v1' ? ['resource', 'method', 'integration'] : ['route', 'v2-integration'];
  return model.tfParts
    .filter((p) => p.apiKey === deployment.apiKey && kinds.includes(p.kind))
    .map((p) => p.address);
}

function terraformFix(model: IacModel, deployment: IacDeployment, parts: string[]): LintFix {
  const api = apiOf(model, deployment.apiKey);
  const bodyBased = api?.bodyDefined && parts.length === 0;
  const hashed = bodyBased
    ? `jsonencode(${deployment.apiKey}.body)`
    : deployment.version === 'v1'
      ? `jsonencode([\n      ${parts.map((p) => `${p}.id`).join(',\n      ')},\n    ])`
      : `join(",", [\n      ${parts.map((p) => `jsonencode(${p})`).join(',\n      ')},\n    ])`;
  const lifecycle = deployment.hasCreateBeforeDestroy
    ? ''
    : '\n\n  lifecycle {\n    create_before_destroy = true\n  }';
  return {
    summary: `In ${deployment.key}, hash ${bodyBased ? 'the API body' : "the API's resources, methods and integrations"} in triggers so that Terraform replaces the deployment whenever ${bodyBased ? 'it changes' : 'they change'}${deployment.hasCreateBeforeDestroy ? '' : ', and create the new deployment before destroying the old one'}.`,
    code: `  triggers = {\n    redeployment = sha1(${hashed})\n  }${lifecycle}`,
  };
}

function cloudFormationFix(model: IacModel, deployment: IacDeployment): LintFix {
  const stages = model.stages.filter((s) => s.apiKey === deployment.apiKey).map((s) => s.key);
  const routes = model.routes.filter((r) => r.apiKey === deployment.apiKey);
  // A suffix computed from the API's current methods; the build must recompute it whenever the API changes.
  const digest = createHash('sha256')
    .update(JSON.stringify(routes.map((r) => [r.key, r.method, r.path, r.authorization])))
    .digest('hex')
    .slice(0, 8);
  const type = deployment.version === 'v1' ? 'AWS::ApiGateway::Deployment' : 'AWS::ApiGatewayV2::Deployment';
  const renamed = `${deployment.key.replace(/[0-9a-f]{8}$/i, '')}${digest}`;
  if (deployment.framework === 'serverless')
    return {
      summary: `Declare the routes as http events (the Serverless Framework then creates a new deployment on every deploy), or rename ${deployment.key} (e.g. ${deployment.key}V2, then V3…) in the same change as every API edit and update its references${stages.length ? ` (${stages.join(', ')})` : ''}.`,
    };
  return {
    summary:
      `Give the deployment a logical id that changes with the API: rename ${deployment.key} to ${renamed} ` +
      `(a hash of its current methods; have your build recompute it on every change, as CDK does) and update every reference${stages.length ? ` (DeploymentId of ${stages.join(', ')})` : ''}.${deployment.version === 'v2' ? '' : ' '}` +
      (deployment.version === 'v2'
        ? ''
        : deployment.framework === 'sam'
          ? 'Simpler: define the API as AWS::Serverless::Api with DefinitionBody or Events; SAM hashes the definition into the deployment id and redeploys on change.'
          : 'Or move to SAM (Transform: AWS::Serverless-2016-10-31 with AWS::Serverless::Api), which does this for you.'),
    code: `${deployment.syntax === 'json' ? `"${renamed}": {` : `  ${renamed}:`}\n${deployment.syntax === 'json' ? `  "Type": "${type}"` : `    Type: ${type}`}\n${cfnList(
      deployment.syntax,
      'DependsOn',
      model.routes.filter((r) => r.apiKey === deployment.apiKey && r.key).map((r) => r.key!),
    )}`,
  };
}

export const deploymentNotRedeployedOnChange: LintRule = {
  id: 'deployment-not-redeployed-on-change',
  title: 'Deployment is not re-created when the API changes',
  severity: 'error',
  why: 'A stage serves a deployment, an immutable snapshot of the API taken when the deployment was created; changes to resources, methods or integrations have no effect until the API is deployed again, and until then new routes answer 403 "Missing Authentication Token" (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-deploy-api.html). CloudFormation creates an AWS::ApiGateway::Deployment once and replaces it only when its logical id or a replacement property changes, so a deployment with a fixed logical id never picks up later edits (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-deployment.html). Terraform likewise keeps aws_api_gateway_deployment until its triggers change (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_deployment). SAM and the Serverless Framework create a new deployment whenever the definition changes and are not flagged.',
  docs: [DOCS.deploy, DOCS.cfnDeployment, DOCS.tfDeployment, DOCS.samApi],
  check(model) {
    const findings: LintFinding[] = [];
    for (const deployment of model.deployments) {
      const autoDeployed =
        deployment.version === 'v2' &&
        model.stages.some((s) => s.apiKey === deployment.apiKey && s.autoDeploy === true);
      if (autoDeployed) continue;
      const api = apiOf(model, deployment.apiKey);
      const apiName = deployment.apiKey ?? 'its API';
      if (deployment.framework !== 'terraform') {
        if (deployment.legacyHash) continue; // a content-hashed logical id (CDK style) is replaced on change
        findings.push(
          report(
            this,
            deployment,
            `${deployment.key} has a fixed logical id: CloudFormation creates it once, so later changes to ${apiName} are never deployed and the stage keeps serving the old snapshot (new routes answer 403 Missing Authentication Token).${deployment.note ? ` ${deployment.note}` : ''}`,
            cloudFormationFix(model, deployment),
          ),
        );
        continue;
      }
      if (deployment.legacyHash) continue;
      const parts = tfPartsOf(model, deployment);
      if (!deployment.triggers) {
        findings.push(
          report(
            this,
            deployment,
            `${deployment.key} has no triggers: Terraform creates it once and never again, so later changes to ${apiName} are not deployed${deployment.hasCreateBeforeDestroy ? ' (create_before_destroy alone does not redeploy)' : ''}.`,
            terraformFix(model, deployment, parts),
          ),
        );
        continue;
      }
      if (deployment.triggers.hashesFiles) continue;
      const refs = new Set(deployment.triggers.refs);
      if (api?.bodyDefined && deployment.apiKey && refs.has(deployment.apiKey) && parts.length === 0)
        continue;
      const missing = parts.filter((p) => !refs.has(p));
      if (missing.length === 0) continue;
      findings.push({
        ...report(
          this,
          { file: deployment.file, line: deployment.triggers.line },
          `The triggers of ${deployment.key} do not hash ${missing.join(', ')}: changing ${missing.length === 1 ? 'it' : 'them'} will not redeploy ${apiName}.`,
          terraformFix(model, deployment, parts),
        ),
      });
    }
    return findings;
  },
};
