import type { LintFinding, LintRule } from '../types.js';
import { cfnList, DOCS, report } from './helpers.js';

export const deploymentMissingDependsOn: LintRule = {
  id: 'deployment-missing-dependson',
  title: 'Deployment does not depend on every method of its API',
  severity: 'error',
  why: 'A deployment snapshots the methods that exist when it is created. When the RestApi, its methods and the deployment are in one template, CloudFormation may create the deployment before some methods unless its DependsOn lists them all: the first deploy fails with "The REST API doesn\'t contain any methods", or — worse — succeeds with a snapshot that lacks the methods created later, which then answer 403 Missing Authentication Token (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-deployment.html). In Terraform the same ordering comes from depends_on or from references in triggers; a method whose integration the deployment does not reference can be created after the snapshot ("No integration defined for method") (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_deployment).',
  docs: [DOCS.cfnDeployment, DOCS.tfDeployment],
  check(model) {
    const findings: LintFinding[] = [];
    for (const deployment of model.deployments) {
      if (!deployment.apiKey) continue;
      const autoDeployed =
        deployment.version === 'v2' &&
        model.stages.some((s) => s.apiKey === deployment.apiKey && s.autoDeploy === true);
      if (autoDeployed) continue;
      if (deployment.framework !== 'terraform') {
        const methods = model.routes.filter((r) => r.apiKey === deployment.apiKey && r.key !== null);
        const missing = methods.filter((m) => !deployment.dependsOn.includes(m.key!)).map((m) => m.key!);
        if (missing.length === 0) continue;
        const all = [...new Set([...deployment.dependsOn, ...methods.map((m) => m.key!)])];
        findings.push(
          report(
            this,
            { file: deployment.file, line: deployment.dependsOnLine },
            `${deployment.key}'s DependsOn misses ${missing.join(', ')} of ${deployment.apiKey}: CloudFormation may create the deployment before ${missing.length === 1 ? 'that method' : 'those methods'}, leaving ${missing.length === 1 ? 'it' : 'them'} out of the snapshot.`,
            {
              summary: `List every ${deployment.version === 'v1' ? 'method' : 'route'} of ${deployment.apiKey} in the DependsOn of ${deployment.key}.`,
              code: cfnList(deployment.syntax, 'DependsOn', all),
            },
          ),
        );
        continue;
      }
      if (deployment.version !== 'v1') continue;
      // Terraform: each method must be ordered before the deployment, through its integration when it has one.
      const mentioned = new Set(deployment.mentions);
      const methods = model.routes.filter((r) => r.apiKey === deployment.apiKey && r.key !== null);
      const missing = methods
        .filter((m) =>
          m.integrationKeys.length > 0
            ? !m.integrationKeys.every((i) => mentioned.has(i))
            : !mentioned.has(m.key!),
        )
        .map((m) =>
          m.integrationKeys.length > 0 ? m.integrationKeys.filter((i) => !mentioned.has(i)) : [m.key!],
        )
        .flat();
      if (missing.length === 0) continue;
      const wanted = [...new Set([...deployment.dependsOn, ...missing])];
      findings.push(
        report(
          this,
          { file: deployment.file, line: deployment.dependsOnLine },
          `${deployment.key} neither depends on nor references ${missing.join(', ')}: Terraform may create the deployment first, so the snapshot can lack ${missing.length === 1 ? 'that method' : 'those methods'}.`,
          {
            summary: `Order the deployment after every integration of ${deployment.apiKey} (referencing them in triggers does the same and also redeploys on change).`,
            code: `  depends_on = [\n${wanted.map((w) => `    ${w},`).join('\n')}\n  ]`,
          },
        ),
      );
    }
    return findings;
  },
};
