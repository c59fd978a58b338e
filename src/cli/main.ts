#!/usr/bin/env node
import { readFileSync } from 'node:fs';

// The entry point stays tiny so that `apigw-doctor --help` starts fast: the help text is written at
// build time (scripts/bundle.mjs) next to the bundle, and the argument parser loads only when needed.
const args = process.argv.slice(2);

// `apigw-doctor … | head`: a reader that stops early is not an error (no EPIPE stack trace).
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });

let served = false;
if (
  args.length === 1 &&
  (args[0] === '--help' || args[0] === '-h') &&
  !process.env.APIGW_DOCTOR_NO_FAST_HELP
) {
  try {
    process.stdout.write(readFileSync(new URL('./help.txt', import.meta.url), 'utf8'));
    served = true;
  } catch {
    // Not built next to a bundle (running from dist/src): commander prints it.
  }
}
if (!served) {
  const { runProgram } = await import('./program.js');
  await runProgram(process.argv);
}
