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
  probe?: boolean;
  timeout?: string;
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
  const inventory = offline || flags.source ? await loadInventory(flags) : emptyInventory();
  const request: GatewayRequest = { method, url, headers, now: new Date() };
  if (flags.data !== undefined) request.body = flags.data;
  if (flags.fromVpcEndpoint) request.fromVpcEndpoint = flags.fromVpcEndpoint;

  let live: LiveAnswer | null = null;
  const sendLive = offline ? flags.probe === true : true;
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
    const probeOptions: Parameters<typeof probe>[0] = { method, url, headers, timeoutMs };
    if (flags.data !== undefined) probeOptions.body = flags.data;
    live = await probe(probeOptions);
  }
  if (!offline)
    inventory.gaps.push({
      message:
        'no configuration given (--openapi or --snapshot): the diagnosis rests on the live answer and the URL alone',
    });
  const result = diagnose(inventory, request, live);
  if (flags.output === 'json') write(JSON.stringify(diagnosisToJson(result), null, 2));
  else
    write(diagnosisToText(result, { color: useColor(process.stdout), width: process.stdout.columns ?? 100 }));
  const liveOk = live === null || (live.status !== null && live.status < 400);
  const succeeded =
    !result.findings.some((f) => f.severity === 'error') &&
    liveOk &&
    (result.simulation.outcome === 'INTEGRATION' || live !== null);
  return succeeded ? EXIT.ok : EXIT.findings;
}
