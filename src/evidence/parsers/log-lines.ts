import { jsonElements } from '../json-stream.js';
import { inputErrorAt, lines, type Line } from '../source.js';
import { clfCall, handleAccessCall, jsonRecordCall, splitPrefix } from './access-log.js';
import { ExecutionLogReader } from './execution-log.js';
import type { EvidenceKind, ParseSink } from '../types.js';

/** One log message of any API Gateway log kind: an execution-log line, a CLF or a JSON access-log record. */
function logMessage(
  line: Line,
  text: string,
  time: number | null,
  file: string,
  kind: EvidenceKind,
  sink: ParseSink,
  execution: ExecutionLogReader,
): void {
  if (text.trim() === '') return;
  if (execution.line(line, text, time)) return;
  const clf = clfCall({ ...line, text }, file, kind);
  if (clf) {
    if (time !== null && clf.firstTime === null) clf.firstTime = clf.lastTime = time;
    handleAccessCall(clf, sink);
    return;
  }
  const split = splitPrefix(text);
  if (split.rest.trimStart().startsWith('{')) {
    try {
      handleAccessCall(jsonRecordCall(split.rest, file, line.number, kind, time ?? split.time), sink);
    } catch (error) {
      if (line.complete) throw error;
      sink.truncated(line.number, 'the last record is cut short');
    }
    return;
  }
  // CloudWatch also holds lines that are not records ("Execution log for request …" headers, blanks).
  if (
    /^(Execution log for request|Extended Request Id|Starting execution|Verifying Usage Plan|Method request|Endpoint request)/.test(
      split.rest,
    )
  ) {
    sink.skipped();
    return;
  }
  if (!line.complete) {
    sink.truncated(line.number, 'the last line is cut short');
    return;
  }
  throw inputErrorAt(
    file,
    line.number,
    `not an API Gateway access-log or execution-log line: ${JSON.stringify(text.slice(0, 60))}`,
  );
}

/** CLF access logs and execution logs, as plain lines (CloudWatch exports with a time prefix too). */
export async function parseLogLines(
  chunks: AsyncIterable<Buffer>,
  file: string,
  kind: EvidenceKind,
  sink: ParseSink,
): Promise<void> {
  const execution = new ExecutionLogReader(file, kind, sink);
  for await (const line of lines(chunks)) logMessage(line, line.text, null, file, kind, sink, execution);
  execution.end();
}

/** `aws logs filter-log-events` output: {"events":[{"timestamp":…,"message":"…"}]}. */
export async function parseFilterLogEvents(
  chunks: AsyncIterable<Buffer>,
  file: string,
  sink: ParseSink,
): Promise<void> {
  const kind: EvidenceKind = 'cloudwatch-filter-log-events';
  const execution = new ExecutionLogReader(file, kind, sink);
  for await (const { value, line } of jsonElements(chunks, {
    file,
    arrayKeys: ['events'],
    onTruncated: (at) => sink.truncated(at, 'the JSON ends in the middle'),
  })) {
    const event = value as { message?: unknown; timestamp?: unknown };
    if (typeof event?.message !== 'string') {
      sink.skipped();
      continue;
    }
    const time = typeof event.timestamp === 'number' ? event.timestamp : null;
    logMessage(
      { text: event.message, number: line, complete: true },
      event.message.replace(/\n$/, ''),
      time,
      file,
      kind,
      sink,
      execution,
    );
  }
  execution.end();
}
