// Bundles the CLI (dist/src/cli/main.js and what it loads lazily) into dist/cli/ with esbuild:
// one file per lazy chunk instead of ~70 modules, so `apigw-doctor` starts faster.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  // The access-log worker is loaded by URL next to the module that starts it (a chunk in dist/cli).
  entryPoints: {
    main: 'dist/src/cli/main.js',
    'access-log-worker': 'dist/src/evidence/parsers/access-log-worker.js',
  },
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  // Loaded lazily from node_modules by Node's own loader (they ship ES modules): live AWS calls and
  // YAML files only, so the start-up bundle stays small.
  external: ['@aws-sdk/*', '@smithy/*', 'yaml', '@cdktf/hcl2json'],
  // commander is CommonJS: give its require() calls a real require inside the ES module bundle.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
});

// The top-level help, printed by the entry point without loading the parser (checked by a test).
const help = spawnSync(process.execPath, ['dist/cli/main.js', '--help'], {
  env: { ...process.env, APIGW_DOCTOR_NO_FAST_HELP: '1' },
  encoding: 'utf8',
});
if (help.status !== 0) throw new Error(`cannot render the help text: ${help.stderr}`);
writeFileSync('dist/cli/help.txt', help.stdout);

// The AWS Config rule's Lambda function: ONE file holding the detection and every SDK client it
// calls (the runtime's bundled SDK version varies), imported by Lambda as an ES module.
await build({
  entryPoints: { 'config-rule': 'dist/src/guard/config-rule/lambda-entry.js' },
  outdir: 'dist/cli/lambda',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'eof',
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
});
