import { awsCli, resourceId, rootMethodCommands } from '../../diagnose/helpers.js';
import { DOCS } from '../../diagnose/sources.js';
import { defineCheck } from './check.js';

export default defineCheck({
  id: 'root-no-method',
  severity: 'warning',
  title: 'The root resource has no method beside /{proxy+}',
  checks:
    "A stage whose deployment has a greedy /{proxy+} resource but no method on the root: /{proxy+} never matches the root, so the stage's base URL answers 403 Missing Authentication Token.",
  sources: [DOCS.matKc, DOCS.methodRequest],
  run({ inventory, region, report }) {
    for (const api of inventory.apis) {
      if (api.kind !== 'REST') continue;
      for (const stage of api.stages) {
        const served = stage.resources;
        if (!served) continue;
        const proxy = served.find((r) => r.path === '/{proxy+}');
        const root = served.find((r) => r.path === '/');
        if (!proxy || Object.keys(proxy.methods).length === 0 || Object.keys(root?.methods ?? {}).length > 0)
          continue;
        const configured = Object.keys(api.currentResources?.find((r) => r.path === '/')?.methods ?? {});
        const proxyMethod = proxy.methods.ANY ?? Object.values(proxy.methods)[0]!;
        // A deployment's summary carries no integration: take the configured one of /{proxy+}.
        const configuredProxy = api.currentResources?.find((r) => r.path === '/{proxy+}')?.methods;
        const integration =
          proxyMethod.integration ??
          (configuredProxy?.[proxyMethod.httpMethod] ?? configuredProxy?.ANY)?.integration;
        const rootId = resourceId(api, '/') ?? '{root-resource-id}';
        const commands =
          configured.length > 0
            ? [
                awsCli(
                  'apigateway',
                  'create-deployment',
                  { 'rest-api-id': api.id, 'stage-name': stage.name },
                  region,
                ),
              ]
            : rootMethodCommands(
                api,
                stage.name,
                { authorizationType: proxyMethod.authorizationType, ...(integration ? { integration } : {}) },
                region,
                `resource ${rootId}, like the one of /{proxy+}`,
              );
        report({
          resource: `${api.id}/${stage.name}`,
          api,
          stage: stage.name,
          title: `The root of stage ${stage.name} of ${api.name ?? api.id} has no method beside /{proxy+}`,
          explanation:
            'A greedy /{proxy+} resource matches every path below the root but never the root itself, so a request to the stage base URL answers 403 Missing Authentication Token.' +
            (configured.length > 0
              ? ` The current configuration has ${configured.join(', ')} on /, not yet deployed.`
              : ''),
          evidence: [
            `/{proxy+}: ${Object.keys(proxy.methods).join(', ')}`,
            `/ in the deployment of ${stage.name}: no method`,
            `/ in the current configuration: ${configured.join(', ') || 'no method'}`,
          ],
          fix: {
            summary:
              configured.length > 0
                ? `Deploy to ${stage.name}: the root method exists in the configuration`
                : 'Give the root resource an ANY method with the integration of /{proxy+}, then deploy',
            commands,
          },
        });
      }
    }
  },
});
