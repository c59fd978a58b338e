import { redactText } from '../../model/redact.js';
import type { Line } from '../source.js';
import { splitPrefix } from './access-log.js';
import { capBody } from '../common.js';
import { emptyCall, type EvidenceKind, type ObservedCall, type ParseSink } from '../types.js';

/**
 * REST API execution logs (CloudWatch group API-Gateway-Execution-Logs_{apiId}/{stage}): one line per
 * step, each `(request-id) text`. A request's lines are gathered until "Method completed with status".
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 */
const EXECUTION_LINE = /^\(([0-9a-f-]{8,})\) (.*)$/i;
const MAX_PENDING = 10_000;

export function isExecutionLine(text: string): boolean {
  return EXECUTION_LINE.test(splitPrefix(text).rest);
}

export class ExecutionLogReader {
  private readonly pending = new Map<string, ObservedCall>();
  constructor(
    private readonly file: string,
    private readonly kind: EvidenceKind,
    private readonly sink: ParseSink,
  ) {}

  /** Feeds one line (with the time a CloudWatch export put before it, if any). */
  line(line: Line, text: string = line.text, time: number | null = null): boolean {
    const split = splitPrefix(text);
    const m = EXECUTION_LINE.exec(split.rest);
    if (!m) return false;
    const id = m[1]!;
    const message = redactText(m[2]!);
    const when = time ?? split.time;
    let call = this.pending.get(id);
    if (!call) {
      if (this.pending.size >= MAX_PENDING) this.flushOldest();
      call = emptyCall({
        file: this.file,
        line: line.number,
        kind: this.kind,
        plane: 'data',
        method: '?',
        path: '?',
      });
      call.notes.push(`request ${id}`);
      this.pending.set(id, call);
    }
    if (when !== null) {
      call.firstTime = call.firstTime === null ? when : Math.min(call.firstTime, when);
      call.lastTime = call.lastTime === null ? when : Math.max(call.lastTime, when);
    }
    let r: RegExpExecArray | null;
    if ((r = /^HTTP Method: ([A-Z]+), Resource Path: (\S+)/.exec(message))) {
      call.method = r[1]!;
      call.path = r[2]!;
    } else if ((r = /^Endpoint response status: (\d{3})/.exec(message))) {
      call.integrationStatus = Number(r[1]);
    } else if ((r = /^Endpoint response body before transformations: (.*)$/.exec(message))) {
      call.body = capBody(r[1]!);
    } else if (
      (r =
        /^(Execution failed due to .*|Lambda execution failed .*|Endpoint request timed out|Authorizer error.*)$/.exec(
          message,
        ))
    ) {
      call.integrationError = r[1]!;
    } else if ((r = /^Gateway response type: ([A-Z_]+) with status code: (\d{3})/.exec(message))) {
      call.responseType = r[1]!;
      call.status ??= Number(r[2]);
      call.origin = 'gateway';
    } else if ((r = /^Gateway response body: (.*)$/.exec(message))) {
      call.body = capBody(r[1]!);
    } else if (
      /^API Key .* not authorized|^Usage Plan check failed/.test(message) &&
      /method '([A-Z]+) (\/[^']*)'/.test(message)
    ) {
      const m = /method '([A-Z]+) (\/[^']*)'/.exec(message)!;
      const stage = /API Stage ([a-z0-9]+)\/([^\s:]+)/.exec(message);
      call.method = m[1]!;
      call.path = stage ? `/${stage[2]}${m[2]}` : m[2]!;
      if (stage) {
        call.apiId = stage[1]!;
        call.stage = stage[2]!;
      }
      call.errorMessage = message;
      call.responseType ??= 'INVALID_API_KEY';
    } else if (
      /^API Key .* not authorized|^Usage Plan check failed|^Forbidden: API Key|^API Key not authorized/.test(
        message,
      )
    ) {
      call.errorMessage = message;
      call.responseType ??= 'INVALID_API_KEY';
    } else if (
      /^(Unauthorized request|Incoming identity: .* is not authorized)/.test(message) ||
      /not authorized to perform/.test(message)
    ) {
      call.errorMessage = message;
    } else if ((r = /^Method completed with status: (\d{3})/.exec(message))) {
      call.status = Number(r[1]);
      if (call.status >= 400 && call.origin === null)
        call.origin =
          call.integrationStatus !== null && call.integrationError === null
            ? 'backend'
            : call.responseType
              ? 'gateway'
              : null;
      this.pending.delete(id);
      this.sink.call(call);
    }
    return true;
  }

  private flushOldest(): void {
    const [id, call] = this.pending.entries().next().value as [string, ObservedCall];
    this.pending.delete(id);
    this.emitIncomplete(call);
  }

  private emitIncomplete(call: ObservedCall): void {
    if (call.method === '?' && call.status === null) this.sink.skipped();
    else this.sink.call(call);
  }

  /** Requests whose last line was not in the file are reported as far as they got. */
  end(): void {
    for (const call of this.pending.values()) this.emitIncomplete(call);
    this.pending.clear();
  }
}
