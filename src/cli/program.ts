import { Command, CommanderError, Option } from 'commander';
import { EXIT } from './exit-codes.js';

// Heavy modules (the simulator, YAML, JSON Schema, HTTP) load inside each action, so that
// `--help` and offline runs start fast.

const debug = process.argv.includes('--debug');

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
Exit codes: 0 the request succeeds · 1 findings (the request fails; the report says why) · 2 usage or input error`;

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
