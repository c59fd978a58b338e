import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { redactBody, redactJson, redactText } from '../model/redact.js';
import { inputErrorAt, lines, type EvidenceSource } from './source.js';
import type { EvidenceKind } from './types.js';

const WHOLE_DOCUMENT_KINDS = new Set<EvidenceKind>([
  'har',
  'cloudtrail-event',
  'cloudtrail-records',
  'cloudtrail-lookup-events',
  'cloudtrail-lake',
  'cloudwatch-filter-log-events',
]);
const MAX_DOCUMENT = 512 * 1024 * 1024;

/** HAR bodies and CloudTrail's event-in-a-string need their own walk; the rest is redactJson. */
function redactDocument(kind: EvidenceKind, value: unknown): unknown {
  if (kind === 'har') {
    const har = value as { log?: { entries?: Record<string, unknown>[] } };
    for (const entry of har.log?.entries ?? []) {
      const request = entry.request as { postData?: { text?: string } } | undefined;
      if (typeof request?.postData?.text === 'string')
        request.postData.text = redactBody(request.postData.text);
      const content = (entry.response as { content?: { text?: string; encoding?: string } } | undefined)
        ?.content;
      if (content && typeof content.text === 'string') {
        if (content.encoding === 'base64')
          content.text = Buffer.from(
            redactBody(Buffer.from(content.text, 'base64').toString('utf8')),
          ).toString('base64');
        else content.text = redactBody(content.text);
      }
    }
  }
  if (kind === 'cloudtrail-lookup-events') {
    for (const event of (value as { Events?: { CloudTrailEvent?: unknown }[] }).Events ?? []) {
      const inner = event.CloudTrailEvent;
      if (typeof inner !== 'string') continue;
      try {
        event.CloudTrailEvent = JSON.stringify(redactJson(JSON.parse(inner)));
      } catch {
        event.CloudTrailEvent = redactText(inner);
      }
    }
  }
  if (kind === 'cloudwatch-filter-log-events') {
    for (const event of (value as { events?: { message?: unknown }[] }).events ?? []) {
      if (typeof event.message === 'string') event.message = redactLine(event.message);
    }
  }
  return redactJson(value);
}

/** One line of a log or transcript: a JSON record field by field, anything else by the text rules. */
function redactLine(text: string): string {
  const brace = text.indexOf('{');
  if (brace >= 0 && text.trimEnd().endsWith('}')) {
    try {
      return text.slice(0, brace) + JSON.stringify(redactJson(JSON.parse(text.slice(brace))));
    } catch {
      // Not a JSON record: the text rules below.
    }
  }
  return redactText(text);
}

async function writeAll(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve));
}

/**
 * Writes a redacted copy of one evidence file in its own format (gzip in, gzip out), atomically:
 * JSON documents are parsed, redacted and written back; line formats are redacted line by line.
 */
export async function writeRedactedCopy(
  source: EvidenceSource,
  kind: EvidenceKind,
  target: string,
): Promise<void> {
  const temporary = `${target}.tmp-${Date.now()}`;
  const file = createWriteStream(temporary);
  const out: Writable = source.gzip ? createGzip() : file;
  if (source.gzip) (out as ReturnType<typeof createGzip>).pipe(file);
  const closed = new Promise<void>((resolve, reject) => {
    file.once('close', resolve);
    file.once('error', reject);
  });
  if (WHOLE_DOCUMENT_KINDS.has(kind)) {
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of source.chunks()) {
      size += chunk.length;
      if (size > MAX_DOCUMENT)
        throw inputErrorAt(
          source.name,
          1,
          `larger than ${MAX_DOCUMENT} bytes: too big to redact as one JSON document`,
        );
      parts.push(chunk);
    }
    const text = Buffer.concat(parts)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const position = Number(/position (\d+)/.exec((error as Error).message)?.[1] ?? 0);
      const line = text.slice(0, position).split('\n').length;
      throw inputErrorAt(
        source.name,
        line,
        `malformed or truncated JSON: cannot write a redacted copy that parses (${(error as Error).message.split('\n')[0]})`,
      );
    }
    await writeAll(out, `${JSON.stringify(redactDocument(kind, value), null, 2)}\n`);
  } else {
    let previous = '';
    for await (const line of lines(source.chunks())) {
      let text = redactLine(line.text);
      // botocore logs the SigV4 signature alone on the line after "Signature:".
      if (/ - botocore\.auth - DEBUG - Signature:\s*$/.test(previous))
        text = text.replace(/^[0-9a-f]{64}$/, '[redacted]');
      previous = line.text;
      await writeAll(out, `${text}${line.complete ? '\n' : ''}`);
    }
  }
  out.end();
  await closed;
  await rename(temporary, target);
}
