import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The installed package's folder (examples/, schema/), whether run from dist/src or the bundle. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'apigw-doctor'
    ) {
      return (root = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the apigw-doctor package folder');
    dir = parent;
  }
}
