import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { InputError } from '../../model/errors.js';
import { EXIT } from '../exit-codes.js';
import { write } from '../io.js';

export interface GuardConfigRuleFlags {
  emit?: string;
  out?: string;
  organization?: boolean;
  minutes?: string;
}

/**
 * Registers `guard config-rule` under the `guard` command (kept apart from program.ts so that the
 * `guard` group can gather several subcommands). Loads nothing heavy: the action imports the emitter.
 */
export function registerGuardConfigRule(
  guard: Command,
  run: (action: () => Promise<number>) => Promise<void>,
): void {
  guard
    .command('config-rule')
    .description(
      'Emit an AWS Config rule (Lambda with this detection) marking REST stages whose deployment lags the API, a CloudFormation Guard rule and a not-deployed-in-time notifier',
    )
    .addOption(new Option('--emit <format>', 'write deployable files (required)').choices(['cloudformation']))
    .option('--out <dir>', 'folder to write (default ./apigw-doctor-config-rule)')
    .option(
      '--organization',
      'an AWS::Config::OrganizationConfigRule evaluating every account (plus member-role.yaml)',
    )
    .option('--minutes <n>', 'notify when a change is not deployed within N minutes', '15')
    .addHelpText(
      'after',
      '\nNothing is sent to AWS: deploy the folder with its README.md (docs/config-rule.md explains each part).',
    )
    .action((flags: GuardConfigRuleFlags) => run(() => runGuardConfigRule(flags)));
}

/** The bundled Lambda code: next to the CLI bundle (dist/cli/lambda/), or from the tsc output. */
function lambdaCode(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [
    join(here, 'lambda', 'config-rule.mjs'),
    join(here, '../../../cli/lambda/config-rule.mjs'),
  ])
    if (existsSync(candidate)) return candidate;
  throw new InputError(
    'the bundled rule code (dist/cli/lambda/config-rule.mjs) is missing: run npm run build',
  );
}

export async function runGuardConfigRule(flags: GuardConfigRuleFlags): Promise<number> {
  if (flags.emit !== 'cloudformation')
    throw new InputError(
      'guard config-rule needs --emit cloudformation (it writes files and applies nothing)',
    );
  const minutes = Number(flags.minutes ?? '15');
  // Step Functions waits up to a year; a day is plenty for "was it deployed".
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)
    throw new InputError(
      `--minutes takes a whole number from 1 to 1440, got ${JSON.stringify(flags.minutes)}`,
    );
  const { emitConfigRule, CODE_DIR, CODE_FILE } = await import('../../guard/config-rule/emit.js');
  const out = resolve(flags.out ?? 'apigw-doctor-config-rule');
  const files = emitConfigRule({ organization: flags.organization === true, minutes });
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(out, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    written.push(name);
  }
  mkdirSync(join(out, CODE_DIR), { recursive: true });
  copyFileSync(lambdaCode(), join(out, CODE_DIR, CODE_FILE));
  written.push(`${CODE_DIR}/${CODE_FILE}`);
  write(
    `wrote ${out}/\n${written
      .sort()
      .map((f) => `  ${f}`)
      .join('\n')}\nnext: ${join(out, 'README.md')}`,
  );
  return EXIT.ok;
}
