import { jsonElements } from '../json-stream.js';
import {
  capBody,
  errorTypeOf,
  headerRecord,
  looksLikeGateway,
  messageOf,
  parseTime,
  setUrl,
} from '../common.js';
import { emptyCall, type ParseSink } from '../types.js';
import { originFromAnswer } from '../classify.js';

interface HarPair {
  name?: unknown;
  value?: unknown;
}

function pairs(list: unknown): [string, string][] {
  if (!Array.isArray(list)) return [];
  return (list as HarPair[])
    .filter((p) => typeof p?.name === 'string')
    .map((p) => [p.name as string, typeof p.value === 'string' ? p.value : String(p.value ?? '')]);
}

/** HAR 1.2 (`log.entries[]`), streamed entry by entry. */
export async function parseHar(chunks: AsyncIterable<Buffer>, file: string, sink: ParseSink): Promise<void> {
  for await (const { value, line } of jsonElements(chunks, {
    file,
    arrayKeys: ['entries'],
    onTruncated: (at) => sink.truncated(at, 'the HAR ends in the middle'),
  })) {
    const entry = value as {
      startedDateTime?: string;
      request?: { method?: string; url?: string; headers?: unknown };
      response?: { status?: number; headers?: unknown; content?: { text?: string; encoding?: string } };
    };
    if (typeof entry?.request?.url !== 'string') {
      sink.skipped();
      continue;
    }
    const requestHeaders = headerRecord(pairs(entry.request.headers));
    const responseHeaders = headerRecord(pairs(entry.response?.headers));
    const call = emptyCall({
      file,
      line,
      kind: 'har',
      plane: 'data',
      method: (entry.request.method ?? 'GET').toUpperCase(),
      path: '/',
    });
    setUrl(call, entry.request.url, requestHeaders.host);
    if (!looksLikeGateway(call.host, responseHeaders)) {
      sink.skipped();
      continue;
    }
    const time = parseTime(entry.startedDateTime);
    call.firstTime = time;
    call.lastTime = time;
    // Status 0: the browser got no answer (blocked, CORS failure, network error).
    const status =
      typeof entry.response?.status === 'number' && entry.response.status > 0 ? entry.response.status : null;
    call.status = status;
    call.requestHeaders = requestHeaders;
    call.responseHeaders = responseHeaders;
    const content = entry.response?.content;
    const text =
      typeof content?.text === 'string'
        ? content.encoding === 'base64'
          ? Buffer.from(content.text, 'base64').toString('utf8')
          : content.text
        : '';
    call.body = capBody(text);
    call.errorType = errorTypeOf(responseHeaders);
    call.errorMessage = messageOf(call.body);
    call.origin = originFromAnswer(call);
    sink.call(call);
  }
}
