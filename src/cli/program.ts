import { Command, CommanderError, Option } from 'commander';
import { EXIT } from './exit-codes.js';
import { registerGuardConfigRule } from './commands/guard-config-rule.js';

// Heavy modules (the simulator, YAML, JSON Schema, HTTP) load inside each action, so that
// `--help` and offline runs start fast.

const debug = process.argv.includes('--debug');

// The AWS SDK warns on Node 20 about its releases of 2027; this tool's lock file pins the SDK, so the
// warning says nothing to our users and would break the one-line output contract.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  if (String(warning).startsWith('NodeVersionSupportWarning')) return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

async function run(action: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (error) {
    fail(error);
  }
}

function fail(error: unknown): void {
  const isExpected = error instanceof Error && typeof (error as { exitCode?: unknown }).exitCode === 'number';
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`apigw-doctor: ${isExpected ? '' : 'internal error: '}${message.split('\n')[0]}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else if (!isExpected)
    process.stderr.write('(run again with --debug for the stack trace, and please report it)\n');
  process.exitCode = isExpected ? (error as unknown as { exitCode: number }).exitCode : EXIT.usage;
}

const program = new Command('apigw-doctor')
  .description(
    'Find out why an Amazon API Gateway invoke URL fails (403 Missing Authentication Token and its neighbours), with evidence and the exact fix.',
  )
  .version('0.1.0')
  .option('--debug', 'show stack traces for errors')
  .exitOverride()
  // One line per error, suggestion included ("(Did you mean --snapshot?)").
  .configureOutput({
    outputError: (text, write) =>
      write(
        `apigw-doctor: ${text
          .replace(/^error: /, '')
          .replace(/\s*\n\s*/g, ' ')
          .trim()} (see --help)\n`,
      ),
  });

const EXIT_HELP = `
Exit codes: 0 the request succeeds · 1 findings (the request fails; the report says why) · 2 usage or input error
            4 AWS credentials or permissions · 5 AWS unreachable or throttling beyond retries`;

program
  .command('diagnose')
  .description('Say why a request to an API Gateway URL fails, and how to fix it')
  .argument('<url>', 'the invoke URL (execute-api, private VPC endpoint, custom domain, LocalStack)')
  .option('-X, --request <method>', 'HTTP method (default GET, or POST with -d)')
  .option('-H, --header <header>', "request header 'Name: value' (repeatable)", collect)
  .option('-d, --data <body>', 'request body')
  .option(
    '--from-vpc-endpoint <vpce-id>',
    'the caller is in a VPC and reaches API Gateway through this interface endpoint',
  )
  .option(
    '--openapi <file>',
    'a stage export (aws apigateway get-export … --parameters extensions=apigateway), JSON or YAML (repeatable)',
    collect,
  )
  .option('--source <file>', 'your own OpenAPI definition: routes in it but not deployed are reported')
  .option('--snapshot <file>', 'an apigw-doctor snapshot (apigw-doctor schema snapshot)')
  .option('--probe', 'also send the request for real (any method), and compare with the prediction')
  .option('--no-probe', 'send nothing to the URL: predict only')
  .option('--sign', 'sign the probe with SigV4 (service execute-api) using your AWS credentials')
  .option('--aws', 'read the configuration from AWS (the default when AWS credentials are configured)')
  .option('--no-aws', 'do not call AWS, even with credentials configured')
  .option('--profile <name>', 'AWS profile (shared config and credentials files, SSO, assume-role)')
  .option('--region <region>', 'AWS region, when the URL does not name one (custom domains)')
  .option('--endpoint-url <url>', 'API Gateway endpoint to call instead of AWS (LocalStack, tests)')
  .option('--timeout <seconds>', 'probe timeout', '10')
  .addOption(new Option('-o, --output <format>', 'report format').choices(['text', 'json']).default('text'))
  .addHelpText(
    'after',
    `
Without --openapi/--snapshot the URL is probed (GET, HEAD and OPTIONS only, unless --probe) and the answer is read.
With them, nothing is sent unless --probe is given.
${EXIT_HELP}`,
  )
  .action((url: string, flags) =>
    run(async () => (await import('./commands/diagnose.js')).runDiagnose(url, flags)),
  );

program
  .command('serve')
  .description('Answer HTTP requests on 127.0.0.1 exactly as API Gateway would, from the configuration')
  .option('--snapshot <file>', 'an apigw-doctor snapshot')
  .option('--openapi <file>', 'a stage export (repeatable)', collect)
  .option('--source <file>', 'your own OpenAPI definition (for reports only)')
  .option('--api <id>', 'API for requests whose Host header names none (needed when the inputs hold several)')
  .option('--port <port>', 'port (0 picks a free one; the URL is printed first)', '4010')
  .option('--host <address>', 'address to listen on', '127.0.0.1')
  .option('--quiet', 'do not log each request on stderr')
  .action((flags) => run(async () => (await import('./commands/serve.js')).runServe(flags)));

program
  .command('fix')
  .description(
    'Plan the fix for a failing URL (dry run by default); --apply backs up, applies, verifies and rolls back on failure',
  )
  .argument('<url>', 'the invoke URL')
  .option('-X, --request <method>', 'HTTP method (default GET, or POST with -d)')
  .option('-H, --header <header>', "request header 'Name: value' (repeatable)", collect)
  .option('-d, --data <body>', 'request body')
  .option('--snapshot <file>', 'plan offline from a snapshot')
  .option('--openapi <file>', 'plan offline from a stage export (repeatable)', collect)
  .option('--apply', 'apply the plan to AWS (after a backup), verify, roll back if verification fails')
  .option(
    '--plan <file>',
    'with --apply: apply a plan saved with -o json (refused if the stage changed since)',
  )
  .option('--yes', 'do not ask (needed for --apply without a terminal)')
  .option('--canary <percent>', 'deploy as a canary with this share of traffic first, verify, then promote')
  .option('--allow-irreversible', 'allow actions that cannot be undone')
  .option(
    '--reset-gateway-responses',
    'also reset customised gateway responses that hide the cause (backed up; rollback puts them back)',
  )
  .option('--no-probe', 'verify from the configuration only, without requesting the URL')
  .option('--verify-timeout <seconds>', 'how long to keep probing while the change propagates', '30')
  .option('--cors-origin <origin>', "origin an added CORS preflight allows (default: the request's Origin)")
  .addOption(
    new Option('--emit <format>', 'write the fix as code instead of applying it').choices([
      'sh',
      'terraform',
      'cloudformation',
    ]),
  )
  .option('--out <dir>', 'folder for --emit (default: standard output)')
  .option('--backup-dir <dir>', 'where backups go', 'apigw-doctor-backups')
  .option('--commit-backup', 'commit the backup when the folder is inside a git repository')
  .option('--aws', 'read the configuration from AWS')
  .option('--no-aws', 'do not call AWS')
  .option('--profile <name>', 'AWS profile')
  .option('--region <region>', 'AWS region, when the URL does not name one')
  .option('--endpoint-url <url>', 'API Gateway endpoint to call instead of AWS (LocalStack, tests)')
  .addOption(
    new Option('-o, --output <format>', 'plan and journal format').choices(['text', 'json']).default('text'),
  )
  .addHelpText('after', EXIT_HELP)
  .action((url: string, flags) => run(async () => (await import('./commands/fix.js')).runFix(url, flags)));

program
  .command('rollback')
  .description('Put the stage back on the deployment a fix backup recorded (safe to run twice)')
  .argument('<backup-dir>', 'the backup folder printed by fix --apply')
  .option('--profile <name>', 'AWS profile')
  .option('--endpoint-url <url>', 'API Gateway endpoint to call instead of AWS (LocalStack, tests)')
  .action((dir: string, flags) =>
    run(async () => (await import('./commands/rollback.js')).runRollback(dir, flags)),
  );

program
  .command('snapshot')
  .description(
    'Record what API Gateway holds (read-only), in the snapshot format, to diagnose offline or attach to a ticket',
  )
  .option('--api <id>', 'a REST, HTTP or WebSocket API (repeatable)', collect)
  .option('--domain <name>', 'a custom domain name (repeatable)', collect)
  .option('--all', 'every API and custom domain of the regions')
  .option('--region <region>', 'region (repeatable; default AWS_REGION)', collect)
  .option('--profile <name>', 'AWS profile')
  .option('--endpoint-url <url>', 'API Gateway endpoint to call instead of AWS (LocalStack, tests)')
  .option('--out <file>', 'write here (atomically) instead of standard output')
  .option('--include-api-key-values', 'keep API key values (they are secrets: left out by default)')
  .addHelpText('after', EXIT_HELP)
  .action((flags) => run(async () => (await import('./commands/snapshot.js')).runSnapshot(flags)));

program
  .command('timeline')
  .description(
    'Who changed what on an API, from CloudTrail: routes added and removed, deployments, stages (and AWS Health with --health)',
  )
  .argument('[url]', 'an invoke URL of the API (execute-api or custom domain)')
  .option('--api <id>', 'the REST or HTTP API, instead of a URL')
  .option('--region <region>', "region (default: the URL's, else AWS_REGION)")
  .option('--profile <name>', 'AWS profile')
  .option('--since <when>', 'start of the window: a duration (24h, 90m, 7d) or an ISO 8601 time', '24h')
  .option('--until <when>', 'end of the window (default: now)')
  .option('--failures-since <when>', 'when the failures started: say what changed last before')
  .option('--stage <name>', "the stage the failures are on (default: the URL's)")
  .option('--domain <name>', 'a custom domain whose mapping changes to include (repeatable)', collect)
  .option('--health', 'also read AWS Health events for API Gateway in the region')
  .option('--endpoint-url <url>', 'endpoint for every AWS call instead of AWS (LocalStack, tests)')
  .addOption(new Option('-o, --output <format>', 'report format').choices(['text', 'json']).default('text'))
  .addHelpText(
    'after',
    `
Needs cloudtrail:LookupEvents (and health:DescribeEvents with --health); see docs/timeline.md. Times are UTC.

Exit codes: 0 the timeline was printed · 2 usage or input error · 4 AWS credentials, or cloudtrail:LookupEvents denied
            5 AWS unreachable or CloudTrail throttling beyond retries (AWS Health never changes the exit code)`,
  )
  .action((url: string | undefined, flags) =>
    run(async () => (await import('./commands/timeline.js')).runTimeline(url, flags)),
  );

program
  .command('scan')
  .description(
    'Scan a fleet (accounts × regions × APIs and custom domains) for stale deployments, broken mappings and other traps, within AWS rate limits',
  )
  .option('--profile <name>', 'an account reached through this AWS profile (repeatable)', collect)
  .option('--org', 'every ACTIVE account of the AWS Organization (needs --role-name)')
  .option('--role-name <name>', 'the role to assume in each account (arn:aws:iam::<id>:role/<name>)')
  .option('--accounts-file <file>', 'accounts, one a line: <account-id> [role-arn|profile:<name>] (or JSON)')
  .option('--regions <list>', 'all (the regions each account has enabled) or r1,r2,…', 'all')
  .addOption(
    new Option('-o, --output <format>', 'report format')
      .choices(['table', 'json', 'sarif', 'markdown', 'html'])
      .default('table'),
  )
  .option('--out <file>', 'write the report here (atomically) instead of standard output')
  .option('--max-rps <n>', 'requests per second per account, below the AWS quota of 10')
  .option('--state <file>', 'record progress here; a re-run with the same file resumes where it stopped')
  .option('--shard <i/n>', 'scan only the accounts of shard i of n (split by a hash of the account id)')
  .option('--endpoint-url <url>', 'AWS endpoint to call instead of AWS (tests)')
  .addHelpText(
    'after',
    `
Exit codes: 0 no error or warning finding · 1 findings · 2 usage or input error
            4 credentials failed for every account · 5 AWS unreachable or throttling beyond retries
Ctrl-C stops the scan and writes what was found so far (partial: true), then exits with 130.`,
  )
  .action((flags) => run(async () => (await import('./commands/scan.js')).runScanCommand(flags)));

program
  .command('merge')
  .description('Join scan reports (--output json of each shard) into one report')
  .argument('<reports...>', 'scan reports in JSON')
  .addOption(
    new Option('-o, --output <format>', 'report format')
      .choices(['table', 'json', 'sarif', 'markdown', 'html'])
      .default('table'),
  )
  .option('--out <file>', 'write the report here (atomically) instead of standard output')
  .action((files: string[], flags) =>
    run(async () => (await import('./commands/merge.js')).runMerge(files, flags)),
  );

program
  .command('iam-policy')
  .description(
    'Print the minimal read-only IAM policy apigw-doctor needs (apigateway:GET on named resources)',
  )
  .option('--region <region>', 'region (repeatable)', collect)
  .option('--api <id>', 'limit to these APIs (repeatable)', collect)
  .option('--domain <name>', 'limit to these custom domains (repeatable)', collect)
  .action((flags) => run(async () => (await import('./commands/iam-policy.js')).runIamPolicy(flags)));

// ---- guard alarms and runbook (prevention and write-up) -------------------------------------------
const guard = program
  .command('guard')
  .description('Prevent the next one: alarms that page someone, and rules and checks that AWS runs for you');
guard
  .command('alarms')
  .description(
    'A 4XX alarm with a threshold learnt from 14 days of data, and a Missing Authentication Token alarm from the access log (dry run by default)',
  )
  .option('--api <id>', 'the REST or HTTP API')
  .option('--stage <name>', 'its stage')
  .option('--region <region>', 'AWS region (default AWS_REGION)')
  .option('--profile <name>', 'AWS profile')
  .option('--sns-topic-arn <arn>', 'SNS topic the alarms notify (a parameter in emitted code)')
  .option(
    '--anomaly-band <n>',
    'an anomaly detection band of N standard deviations instead of a fixed threshold',
  )
  .option('--apply', 'create the log group, access log format, metric filter and alarms')
  .option('--yes', 'do not ask (needed for --apply without a terminal)')
  .addOption(
    new Option('--emit <format>', 'write the alarms as code instead').choices([
      'cloudformation',
      'terraform',
    ]),
  )
  .option('--out <file>', 'file for --emit (default: standard output)')
  .option('--endpoint-url <url>', 'AWS endpoint to call instead of AWS (LocalStack, tests)')
  .addOption(
    new Option('-o, --output <format>', 'plan and result format').choices(['text', 'json']).default('text'),
  )
  .addHelpText(
    'after',
    `
Needs cloudwatch:GetMetricData, cloudwatch:DescribeAlarms, logs:DescribeLogGroups and apigateway:GET; --apply adds
logs:CreateLogGroup, logs:PutRetentionPolicy, logs:PutMetricFilter, apigateway:PATCH (the stage) and
cloudwatch:PutMetricAlarm (docs/guard.md has the least-privilege policy).
Exit codes: 0 planned or applied · 2 usage or input error · 4 AWS credentials or permissions · 5 AWS unreachable`,
  )
  .action((flags) => run(async () => (await import('./commands/guard.js')).runGuardAlarms(flags)));

program
  .command('runbook')
  .description(
    'Write a Markdown runbook for a wiki from diagnose, fix (plan or apply journal) and guard alarms JSON',
  )
  .argument('<files...>', 'diagnose -o json, fix -o json, a fix backup journal.json, guard alarms -o json')
  .option('--out <file>', 'write here instead of standard output')
  .action((files: string[], flags) =>
    run(async () => (await import('./commands/runbook.js')).runRunbook(files, flags)),
  );

program
  .command('schema')
  .description('Print a JSON Schema (snapshot: the snapshot format)')
  .argument('<name>', 'snapshot')
  .action((name: string) => run(async () => (await import('./commands/schema.js')).runSchema(name)));

program
  .command('demo')
  .description('Diagnose the classic mistakes on the bundled example shop API (no AWS account needed)')
  .option('--all', 'print the full report of every case')
  .addOption(new Option('-o, --output <format>', 'report format').choices(['text', 'json']).default('text'))
  .action((flags) => run(async () => (await import('./commands/demo.js')).runDemo(flags)));

program
  .command('lint')
  .description('Check CloudFormation, SAM, Serverless, Terraform and OpenAPI files for API Gateway pitfalls')
  .argument('<paths...>', 'files or folders (folders are searched recursively)')
  .addOption(
    new Option('-o, --output <format>', 'report format').choices(['text', 'json', 'sarif']).default('text'),
  )
  .addOption(
    new Option('--severity <level>', 'report findings of this severity and above')
      .choices(['info', 'warning', 'error'])
      .default('info'),
  )
  .option('--rule <id>', 'run only this rule (repeatable)', collect)
  .option('--ignore <id>', 'skip this rule (repeatable)', collect)
  .addHelpText(
    'after',
    `
Exit codes: 0 no finding of severity warning or error · 1 such findings (a file that does not parse is one)
            2 usage error (unknown rule, missing path)`,
  )
  .action((paths: string[], flags) =>
    run(async () => (await import('./commands/lint.js')).runLint(paths, flags)),
  );

// `guard`: keep the misconfiguration from coming back (each subcommand registers itself).
registerGuardConfigRule(guard, run);

program
  .command('explain')
  .description(
    'Explain the calls to API Gateway in evidence files: HAR, curl -v/-i, AWS CLI --debug, CloudTrail, access and execution logs',
  )
  .argument('<file...>', 'evidence files, detected by content (gzip too); - reads standard input')
  .option('--snapshot <file>', 'diagnose each distinct call with this configuration (apigw-doctor snapshot)')
  .option('--openapi <file>', 'or with a stage export (repeatable)', collect)
  .option(
    '--api <id>',
    'with a configuration: the API of calls whose evidence names no host (CLF and execution logs)',
  )
  .option('--redact-only <out>', 'write a redacted copy of the input (same format) to OUT and stop')
  .option('--no-progress', 'no progress bar (it shows only on a terminal anyway)')
  .addOption(new Option('-o, --output <format>', 'report format').choices(['text', 'json']).default('text'))
  .addHelpText(
    'after',
    `
Secrets (Authorization, signatures, session tokens, API keys, cookies, passwords) never appear in the output.
Exit codes: 0 every call succeeded · 1 failing calls found · 2 unreadable or malformed input (file:line)`,
  )
  .action((files: string[], flags) =>
    run(async () => (await import('./commands/explain.js')).runExplain(files, flags)),
  );

export async function runProgram(argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (error) {
    handleParseError(error);
  }
}

function handleParseError(error: unknown): void {
  if (error instanceof CommanderError) {
    const benign =
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help';
    process.exitCode = benign ? EXIT.ok : EXIT.usage;
  } else {
    fail(error);
  }
}
