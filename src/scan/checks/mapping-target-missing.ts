import { awsCli } from '../../diagnose/helpers.js';
import { DOCS } from '../../diagnose/sources.js';
import type { DomainMapping, DomainModel, Inventory } from '../../model/types.js';
import { defineCheck } from './check.js';

/** Where a custom domain's mapping leads: to a stage that exists, or to nothing. */
export function mappingTarget(
  inventory: Inventory,
  mapping: DomainMapping,
): 'ok' | 'missing-api' | 'missing-stage' {
  const api = inventory.apis.find((a) => a.id === mapping.apiId);
  if (!api && inventory.coveredRegions.length === 0) return 'ok';
  if (!api) {
    // Only a region whose API lists were read can say an API does not exist.
    const listed = inventory.listedApis.some((a) => a.id === mapping.apiId);
    return listed ? 'ok' : 'missing-api';
  }
  if (mapping.stage === undefined) return 'ok';
  return api.stages.some((s) => s.name === mapping.stage) ? 'ok' : 'missing-stage';
}

function shownPath(mapping: DomainMapping): string {
  return mapping.basePath === '' ? '(none)' : mapping.basePath;
}

function fixFor(
  inventory: Inventory,
  domain: DomainModel,
  mapping: DomainMapping,
  target: 'missing-api' | 'missing-stage',
  region: string,
): { summary: string; commands: string[] } {
  const api = inventory.apis.find((a) => a.id === mapping.apiId);
  const stages = api?.stages.map((s) => s.name) ?? [];
  const v2 = mapping.apiMappingId !== undefined && (api?.kind !== 'REST' || mapping.basePath.includes('/'));
  if (target === 'missing-stage' && stages.length > 0) {
    const stage = stages.includes('prod') ? 'prod' : stages[0]!;
    return {
      summary: `Point the mapping at an existing stage of ${mapping.apiId} (${stages.join(', ')}), or create stage ${mapping.stage}`,
      commands: [
        v2
          ? awsCli(
              'apigatewayv2',
              'update-api-mapping',
              {
                'domain-name': domain.domainName,
                'api-mapping-id': mapping.apiMappingId,
                'api-id': mapping.apiId,
                stage,
              },
              region,
            )
          : awsCli(
              'apigateway',
              'update-base-path-mapping',
              {
                'domain-name': domain.domainName,
                'base-path': shownPath(mapping),
                'patch-operations': `op=replace,path=/stage,value=${stage}`,
              },
              region,
            ),
      ],
    };
  }
  return {
    summary:
      target === 'missing-api'
        ? `Remove the mapping (API ${mapping.apiId} no longer exists), or map the path to the API that replaced it`
        : `Remove the mapping (API ${mapping.apiId} has no stage), or deploy a stage named ${mapping.stage}`,
    commands: [
      v2
        ? awsCli(
            'apigatewayv2',
            'delete-api-mapping',
            { 'domain-name': domain.domainName, 'api-mapping-id': mapping.apiMappingId },
            region,
          )
        : awsCli(
            'apigateway',
            'delete-base-path-mapping',
            { 'domain-name': domain.domainName, 'base-path': shownPath(mapping) },
            region,
          ),
    ],
  };
}

export default defineCheck({
  id: 'mapping-target-missing',
  severity: 'error',
  title: "A custom domain's mapping points at a missing API or stage",
  checks:
    'Every base path mapping (REST) and API mapping (HTTP, WebSocket) of every custom domain: the API and the stage it names must exist.',
  sources: [DOCS.mappings, DOCS.customDomainKc],
  run({ inventory, region, report }) {
    for (const domain of inventory.domains) {
      for (const mapping of domain.mappings) {
        const target = mappingTarget(inventory, mapping);
        if (target === 'ok') continue;
        const path = shownPath(mapping);
        report({
          resource: `${domain.domainName}/${path}`,
          domain: domain.domainName,
          title:
            target === 'missing-api'
              ? `https://${domain.domainName}/${mapping.basePath} is mapped to API ${mapping.apiId}, which does not exist`
              : `https://${domain.domainName}/${mapping.basePath} is mapped to stage ${mapping.stage} of ${mapping.apiId}, which does not exist`,
          explanation:
            'Requests under this base path reach nothing: API Gateway answers 403 Forbidden or Missing Authentication Token from the custom domain, while the execute-api URL of the API (if any) keeps working, which hides the cause.',
          evidence: [
            `mapping ${path} → ${mapping.apiId}${mapping.stage ? `/${mapping.stage}` : ''}`,
            target === 'missing-api'
              ? `no REST, HTTP or WebSocket API ${mapping.apiId} in ${region}`
              : `stages of ${mapping.apiId}: ${
                  inventory.apis
                    .find((a) => a.id === mapping.apiId)
                    ?.stages.map((s) => s.name)
                    .join(', ') || 'none'
                }`,
          ],
          fix: fixFor(inventory, domain, mapping, target, region),
        });
      }
    }
  },
});
