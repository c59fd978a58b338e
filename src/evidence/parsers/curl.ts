import { lines, type Line } from '../source.js';
import {
  capBody,
  errorTypeOf,
  headerRecord,
  looksLikeGateway,
  messageOf,
  parseTime,
  setUrl,
} from '../common.js';
import { originFromAnswer } from '../classify.js';
import { emptyCall, type EvidenceKind, type ObservedCall, type ParseSink } from '../types.js';

/** What a pasted `$ curl …` command line says about the request (the URL, -X, -H, -d, -I). */
export interface CurlCommand {
  url: string | null;
  method: string;
  headers: [string, string][];
}

/** Splits a shell command line into words (quotes and backslashes as a POSIX shell reads them). */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

export function parseCurlCommand(text: string): CurlCommand | null {
  const words = shellWords(text.replace(/^\s*[$#%>]\s*/, ''));
  const start = words.findIndex((w) => w === 'curl' || w.endsWith('/curl'));
  if (start < 0) return null;
  let url: string | null = null;
  let method: string | null = null;
  let data = false;
  let head = false;
  const headers: [string, string][] = [];
  for (let i = start + 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-X' || w === '--request') method = (words[++i] ?? '').toUpperCase();
    else if (w.startsWith('-X') && w.length > 2) method = w.slice(2).toUpperCase();
    else if (w === '-H' || w === '--header') {
      const h = words[++i] ?? '';
      const colon = h.indexOf(':');
      if (colon > 0) headers.push([h.slice(0, colon).trim(), h.slice(colon + 1).trim()]);
    } else if (/^(-d|--data(-raw|-binary|-urlencode)?|--json|-F|--form)$/.test(w)) {
      data = true;
      i++;
    } else if (w === '-I' || w === '--head') head = true;
    else if (/^https?:\/\//i.test(w)) url = w;
    else if (
      /^(-u|--user|-o|--output|-A|--user-agent|-e|--referer|-b|--cookie|--resolve|--connect-to|--aws-sigv4|-m|--max-time|-w|--write-out|--cacert|--cert|--key|-x|--proxy)$/.test(
        w,
      )
    )
      i++;
  }
  return { url, method: method ?? (head ? 'HEAD' : data ? 'POST' : 'GET'), headers };
}

interface Pending {
  call: ObservedCall;
  requestHeaders: [string, string][];
  responseHeaders: [string, string][];
  body: string[];
  phase: 'request' | 'response-headers' | 'body';
  scheme: string;
  target: string;
}

const CURL_NOISE = /^(\* |\{ \[|\} \[| {2}% Total| {2}\d+ |\s+Dload|\s+\d+\s+\d+)/;

/**
 * `curl -v` (lines `> ` request, `< ` response, `* ` notes, then the body) and `curl -i`
 * (status line, headers, blank line, body; the request comes from a pasted `$ curl …` line).
 */
export async function parseCurl(
  chunks: AsyncIterable<Buffer>,
  file: string,
  kind: EvidenceKind,
  sink: ParseSink,
): Promise<void> {
  let pending: Pending | null = null;
  let command: CurlCommand | null = null;
  let scheme = 'http';
  let connectedHost: string | null = null;

  const finish = () => {
    if (!pending) return;
    const p = pending;
    pending = null;
    const call = p.call;
    call.requestHeaders = headerRecord(p.requestHeaders);
    call.responseHeaders = headerRecord(p.responseHeaders);
    const host = call.requestHeaders.host ?? connectedHost;
    if (p.target.startsWith('http')) setUrl(call, p.target);
    else if (host) setUrl(call, `${p.scheme}://${host}${p.target}`);
    else call.path = p.target.split('?')[0] ?? p.target;
    if (call.status === null && p.responseHeaders.length === 0) {
      // curl printed no answer: a network error is the call's outcome.
    }
    if (!looksLikeGateway(call.host, call.responseHeaders)) {
      sink.skipped();
      return;
    }
    let body = p.body.join('\n').replace(/\* Connection #\d+ to host .*$|\* Closing connection.*$/s, '');
    body = body.replace(/\n+$/, '');
    call.body = capBody(body);
    call.errorType = errorTypeOf(call.responseHeaders);
    call.errorMessage = messageOf(call.body);
    const date = parseTime(call.responseHeaders.date);
    call.firstTime = date;
    call.lastTime = date;
    call.origin = originFromAnswer(call);
    sink.call(call);
  };

  const startCall = (line: Line, method: string, target: string) => {
    finish();
    const call = emptyCall({ file, line: line.number, kind, plane: 'data', method, path: '/' });
    pending = { call, requestHeaders: [], responseHeaders: [], body: [], phase: 'request', scheme, target };
  };

  for await (const line of lines(chunks)) {
    const text = line.text;
    if (/^\s*[$#%]\s*curl\s/.test(text) || /^curl\s/.test(text)) {
      finish();
      command = parseCurlCommand(text);
      if (command?.url) scheme = command.url.toLowerCase().startsWith('https') ? 'https' : 'http';
      if (kind === 'curl-include' && command?.url) {
        startCall(line, command.method, command.url);
        pending!.requestHeaders.push(...command.headers);
        pending!.phase = 'response-headers';
      }
      continue;
    }
    if (kind === 'curl-verbose') {
      const connected = /^\* (?:Connected to|Established connection to) (\S+) \(([^)]*)\) port (\d+)/.exec(
        text,
      );
      if (connected) {
        connectedHost =
          connected[3] === '80' || connected[3] === '443' ? connected[1]! : `${connected[1]}:${connected[3]}`;
        if (connected[3] === '443') scheme = 'https';
        continue;
      }
      if (/^\* (SSL connection|ALPN|TLSv1)/.test(text)) scheme = 'https';
      const request = /^> ([A-Z]+) (\S+) HTTP\/[\d.]+$/.exec(text);
      if (request) {
        startCall(line, request[1]!, request[2]!);
        continue;
      }
      if (!pending) continue;
      const p: Pending = pending;
      if (text.startsWith('> ')) {
        const colon = text.indexOf(':', 2);
        if (colon > 2) p.requestHeaders.push([text.slice(2, colon), text.slice(colon + 1).trim()]);
        continue;
      }
      if (text.startsWith('< ')) {
        const status = /^< HTTP\/[\d.]+ (\d{3})/.exec(text);
        if (status) {
          // A 100 Continue or a redirect followed by another status: the last one counts.
          p.call.status = Number(status[1]);
          p.responseHeaders = [];
        } else {
          const colon = text.indexOf(':', 2);
          if (colon > 2) p.responseHeaders.push([text.slice(2, colon), text.slice(colon + 1).trim()]);
        }
        p.phase = 'response-headers';
        continue;
      }
      if (text === '<' || text === '< ') {
        p.phase = 'body';
        continue;
      }
      if (text === '>' || text === '> ') continue;
      if (p.phase === 'body' && !CURL_NOISE.test(text)) p.body.push(text);
      else if (p.phase === 'body' && text.startsWith('* ')) finish();
      continue;
    }
    // curl -i
    const status = /^HTTP\/[\d.]+ (\d{3})/.exec(text);
    if (status) {
      const current = pending as Pending | null;
      if (!current || current.call.status !== null) startCall(line, 'GET', '/');
      const p = pending as unknown as Pending;
      p.call.status = Number(status[1]);
      p.responseHeaders = [];
      p.phase = 'response-headers';
      continue;
    }
    if (!pending) continue;
    const p: Pending = pending;
    if (p.phase === 'response-headers') {
      if (text.trim() === '') p.phase = 'body';
      else {
        const colon = text.indexOf(':');
        if (colon > 0) p.responseHeaders.push([text.slice(0, colon), text.slice(colon + 1).trim()]);
      }
    } else if (p.phase === 'body') p.body.push(text);
  }
  finish();
}
