import { InputError } from '../model/errors.js';
import { mergeInventories, type Inventory } from '../model/types.js';

export interface InputFlags {
  openapi?: string[];
  snapshot?: string;
  source?: string;
}

export function hasOfflineConfig(flags: InputFlags): boolean {
  return Boolean(flags.snapshot) || (flags.openapi?.length ?? 0) > 0;
}

/** Reads every offline input into one inventory (sources are loaded only when named). */
export async function loadInventory(flags: InputFlags): Promise<Inventory> {
  const { loadIntendedResources, loadOpenApi, loadSnapshot } = await import('../sources/load.js');
  const parts: Inventory[] = [];
  if (flags.snapshot) parts.push(await loadSnapshot(flags.snapshot));
  for (const file of flags.openapi ?? []) parts.push(await loadOpenApi(file));
  const inventory = mergeInventories(parts);
  if (flags.source) {
    if (parts.length === 0) {
      throw new InputError(
        '--source compares your definition with what is deployed: give the deployed side with --openapi (a stage export) or --snapshot',
      );
    }
    const intended = await loadIntendedResources(flags.source);
    const rest = inventory.apis.filter((a) => a.kind === 'REST');
    const byTitle = rest.filter((a) => intended.title !== undefined && a.name === intended.title);
    for (const api of byTitle.length ? byTitle : rest) {
      if (api.kind !== 'REST') continue;
      api.intendedResources = intended.resources;
      api.intendedSource = flags.source;
    }
    inventory.sources.push(flags.source);
  }
  return inventory;
}
