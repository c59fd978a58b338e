import type { ResourceConfig } from '../model/types.js';

export interface RouteDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

function flatten(resources: readonly ResourceConfig[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of resources) {
    for (const [verb, m] of Object.entries(r.methods)) {
      out.set(`${verb} ${r.path}`, `${m.authorizationType}${m.apiKeyRequired ? '+api-key' : ''}`);
    }
  }
  return out;
}

/** What deploying `current` over `deployed` would change, route by route (auth and API key included). */
export function diffRoutes(
  deployed: readonly ResourceConfig[],
  current: readonly ResourceConfig[],
): RouteDiff {
  const before = flatten(deployed);
  const after = flatten(current);
  const diff: RouteDiff = { added: [], removed: [], changed: [] };
  for (const [route, auth] of after) {
    const was = before.get(route);
    if (was === undefined) diff.added.push(route);
    else if (was !== auth) diff.changed.push(`${route} (${was} → ${auth})`);
  }
  for (const route of before.keys()) if (!after.has(route)) diff.removed.push(route);
  return diff;
}
