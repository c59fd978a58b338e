// Bundles the CLI (dist/src/cli/main.js and what it loads lazily) into dist/cli/ with esbuild:
// one file per lazy chunk instead of ~70 modules, so `apigw-doctor` starts faster.
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'dist/src/cli/main.js' },
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  // commander is CommonJS: give its require() calls a real require inside the ES module bundle.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
});
