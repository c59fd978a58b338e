import { JsonAccessLogScanner } from './access-log-bytes.js';
import type { EvidenceKind, ParseSink } from '../types.js';

/**
 * JSON access logs at the speed of the disk (see JsonAccessLogScanner): constant memory, the same
 * calls, counts and order as a full parse of every record.
 */
export async function scanJsonAccessLog(
  chunks: AsyncIterable<Buffer>,
  file: string,
  kind: EvidenceKind,
  sink: ParseSink,
  /** Parse every record in full (JSON.parse), as the scanner does for records that do not fit. */
  plain = false,
): Promise<number> {
  const scanner = new JsonAccessLogScanner(file, kind, sink, plain ? null : undefined);
  for await (const chunk of chunks) scanner.push(chunk);
  scanner.end();
  return scanner.lines;
}
