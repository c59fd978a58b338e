import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { diagnose } from '../../diagnose/run.js';
import { InputError } from '../../model/errors.js';
import { emptyInventory } from '../../model/types.js';
import { SAFE_METHODS } from '../../probe/probe.js';
import type { LiveAnswer } from '../../probe/types.js';
import { diagnosisToJson } from '../../report/json.js';
import { diagnosisToText } from '../../report/text.js';
import { parseUrl, UrlError } from '../../simulate/endpoint.js';
import type { GatewayRequest } from '../../simulate/types.js';
import { EXIT } from '../exit-codes.js';
import { hasOfflineConfig, loadInventory, type InputFlags } from '../inputs.js';
import { parseHeaders, useColor, write } from '../io.js';

export interface DiagnoseFlags extends InputFlags {
  request?: string;
  header?: string[];
  data?: string;
  fromVpcEndpoint?: string;
  output: string;
  /** --probe: true; --no-probe: false (predict only, send nothing to the URL). */
  probe?: boolean;
  timeout?: string;
  /** commander's --no-aws gives aws: false; --aws gives true. */
  aws?: boolean;
  profile?: string;
  region?: string;
  endpointUrl?: string;
  sign?: boolean;
}

/** Whether AWS credentials are configured, without loading the SDK (the CLI stays fast offline). */
export function awsConfigured(flags: { profile?: string; endpointUrl?: string; aws?: boolean }): boolean {
  if (flags.aws === false) return false;
  if (flags.aws === true || flags.profile || flags.endpointUrl) return true;
  const env = process.env;
  if (
    env.AWS_PROFILE ||
    env.AWS_ACCESS_KEY_ID ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI
  ) {
    return true;
  }
  // `aws configure` and `aws sso login` leave the shared files: their default profile counts too.
  const home = homedir();
  const files = [
    env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
    env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
  ];
  return files.some((file) => existsSync(file));
}

/** `apigw-doctor diagnose URL`: returns the exit code. */
export async function runDiagnose(url: string, flags: DiagnoseFlags): Promise<number> {
  if (flags.output !== 'text' && flags.output !== 'json')
    throw new InputError(`--output takes text or json, not ${JSON.stringify(flags.output)}`);
  try {
    parseUrl(url);
  } catch (error) {
    if (error instanceof UrlError) throw new InputError(error.message);
    throw error;
  }
  const headers = parseHeaders(flags.header);
  // Like curl: -d without -X means POST.
  const method = (flags.request ?? (flags.data !== undefined ? 'POST' : 'GET')).toUpperCase();
  if (!/^[A-Z]+$/.test(method))
    throw new InputError(`-X takes an HTTP method, not ${JSON.stringify(flags.request)}`);
  if (flags.fromVpcEndpoint !== undefined && !/^vpce-[a-z0-9]+$/.test(flags.fromVpcEndpoint)) {
    throw new InputError(
      `--from-vpc-endpoint takes a VPC endpoint id like vpce-0123456789abcdef0, not ${JSON.stringify(flags.fromVpcEndpoint)}`,
    );
  }
  const offline = hasOfflineConfig(flags);
  const useAws = !offline && awsConfigured(flags);
  let inventory = offline || flags.source ? await loadInventory(flags) : emptyInventory();
  const request: GatewayRequest = { method, url, headers, now: new Date() };
  if (flags.data !== undefined) request.body = flags.data;
  if (flags.fromVpcEndpoint) request.fromVpcEndpoint = flags.fromVpcEndpoint;

  let aws: AwsSummary | null = null;
  let session: import('../../collect/aws/session.js').AwsSession | undefined;
  if (useAws) {
    const live = await collectLive(url, headers, flags);
    inventory = live.inventory;
    aws = live.summary;
    session = live.session;
  }

  let live: LiveAnswer | null = null;
  const sendLive = flags.probe === false ? false : offline ? flags.probe === true : true;
  if (sendLive) {
    if (!SAFE_METHODS.has(method) && flags.probe !== true) {
      throw new InputError(
        `refusing to send ${method} to a live URL without --probe (only GET, HEAD and OPTIONS are sent unasked); add --probe, or give --openapi/--snapshot to predict offline`,
      );
    }
    const timeoutMs = flags.timeout ? Number(flags.timeout) * 1000 : 10_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
      throw new InputError(`--timeout takes seconds, not ${JSON.stringify(flags.timeout)}`);
    const { probe } = await import('../../probe/probe.js');
    let sent = headers;
    if (flags.sign) sent = await signProbe(method, url, headers, flags, session);
    const probeOptions: Parameters<typeof probe>[0] = { method, url, headers: sent, timeoutMs };
    if (flags.data !== undefined) probeOptions.body = flags.data;
    live = await probe(probeOptions);
    if (flags.sign)
      request.headers = {
        ...headers,
        authorization: sent.authorization ?? '',
        'x-amz-date': sent['x-amz-date'] ?? '',
      };
  }
  await session?.destroy();
  if (!offline && !useAws)
    inventory.gaps.push({
      message:
        'no configuration given (--openapi or --snapshot): the diagnosis rests on the live answer and the URL alone',
    });
  const result = diagnose(inventory, request, live);
  if (flags.output === 'json') write(JSON.stringify({ ...diagnosisToJson(result), aws }, null, 2));
  else {
    write(diagnosisToText(result, { color: useColor(process.stdout), width: process.stdout.columns ?? 100 }));
    if (aws) write(awsLine(aws));
  }
  const liveOk = live === null || (live.status !== null && live.status < 400);
  const succeeded =
    !result.findings.some((f) => f.severity === 'error') &&
    liveOk &&
    (result.simulation.outcome === 'INTEGRATION' || live !== null);
  return succeeded ? EXIT.ok : EXIT.findings;
}

export interface AwsSummary {
  calls: number;
  rounds: number;
  elapsedMs: number;
  operations: { operation: string; region: string; round: number; durationMs: number; error?: string }[];
  accessDenied: { operation: string; resource: string; code: string }[];
}

function awsLine(aws: AwsSummary): string {
  const ops = aws.operations.map((o) => `${o.operation}${o.error ? ` (${o.error})` : ''}`).join(', ');
  return `AWS: ${aws.calls} call${aws.calls === 1 ? '' : 's'} in ${aws.rounds} round${aws.rounds === 1 ? '' : 's'}, ${aws.elapsedMs} ms${ops ? ` — ${ops}` : ''}`;
}

/** Reads the API's real configuration with the SDK (loaded only here). */
export async function collectLive(
  url: string,
  headers: Record<string, string>,
  flags: Pick<DiagnoseFlags, 'profile' | 'region' | 'endpointUrl'>,
) {
  const [{ AwsSession }, { collectForUrl }, { inventoryFromSnapshot }] = await Promise.all([
    import('../../collect/aws/session.js'),
    import('../../collect/aws/collect.js'),
    import('../../sources/snapshot.js'),
  ]);
  const options: import('../../collect/aws/session.js').AwsOptions = {};
  if (flags.profile) options.profile = flags.profile;
  // The URL names the region for execute-api hosts; custom domains take --region or the environment's.
  const region = flags.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (region) options.region = region;
  if (flags.endpointUrl) options.endpoint = flags.endpointUrl;
  const session = new AwsSession(options);
  const { snapshot, problems } = await collectForUrl(session, url, headers, region);
  const inventory = inventoryFromSnapshot(snapshot, 'live AWS');
  const denied = new Set([
    'AccessDeniedException',
    'AccessDenied',
    'UnauthorizedOperation',
    'ForbiddenException',
  ]);
  const refused = problems.filter((p) => denied.has(p.code));
  if (refused.length) inventory.accessDenied = refused;
  for (const p of problems.filter((p) => !denied.has(p.code))) {
    inventory.gaps.push({
      message: `${p.operation} failed (${p.code}: ${p.message}), so what it returns was not checked`,
    });
  }
  const summary: AwsSummary = {
    calls: session.calls.length,
    rounds: session.rounds,
    elapsedMs: session.elapsedMs,
    operations: session.calls.map((c) => ({
      operation: c.operation,
      region: c.region,
      round: c.round,
      durationMs: c.durationMs,
      ...(c.error ? { error: c.error } : {}),
    })),
    accessDenied: problems.map((p) => ({ operation: p.operation, resource: p.resource, code: p.code })),
  };
  return { inventory, summary, session, snapshot };
}

async function signProbe(
  method: string,
  url: string,
  headers: Record<string, string>,
  flags: DiagnoseFlags,
  existing: import('../../collect/aws/session.js').AwsSession | undefined,
): Promise<Record<string, string>> {
  const [{ AwsSession }, { signedHeaders }, { classifyEndpoint }] = await Promise.all([
    import('../../collect/aws/session.js'),
    import('../../probe/sign.js'),
    import('../../simulate/endpoint.js'),
  ]);
  const endpoint = classifyEndpoint(parseUrl(url), headers);
  const region =
    ('region' in endpoint && endpoint.region ? endpoint.region : undefined) ??
    flags.region ??
    process.env.AWS_REGION ??
    process.env.AWS_DEFAULT_REGION;
  if (!region) throw new InputError('--sign needs the region: the URL does not name one, so pass --region');
  const options: import('../../collect/aws/session.js').AwsOptions = {};
  if (flags.profile) options.profile = flags.profile;
  const session = existing ?? new AwsSession(options);
  const credentials = await (await session.credentials())();
  return signedHeaders({
    method,
    url,
    headers,
    region,
    credentials,
    ...(flags.data !== undefined ? { body: flags.data } : {}),
  });
}
