import type { LiveAnswer } from './types.js';

/**
 * Sends one real request to the URL and reads the answer. Read-only by default: only GET, HEAD and
 * OPTIONS go out unless the caller allows more. Nothing secret is kept: Set-Cookie is dropped.
 */

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MAX_BODY = 64 * 1024;

export interface ProbeOptions {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export async function probe(options: ProbeOptions): Promise<LiveAnswer> {
  const { request: httpsRequest } = await import(
    options.url.startsWith('http://') ? 'node:http' : 'node:https'
  );
  const started = performance.now();
  const target = options.url.replace(/^wss:/i, 'https:').replace(/^ws:/i, 'http:');
  return new Promise<LiveAnswer>((resolve) => {
    const finish = (answer: Omit<LiveAnswer, 'method' | 'url' | 'elapsedMs'>) =>
      resolve({
        method: options.method,
        url: options.url,
        elapsedMs: Math.round(performance.now() - started),
        ...answer,
      });
    let req: import('node:http').ClientRequest;
    try {
      req = httpsRequest(target, {
        method: options.method,
        headers: { 'user-agent': 'apigw-doctor', ...options.headers },
        timeout: options.timeoutMs ?? 10_000,
      });
    } catch (error) {
      finish({
        status: null,
        headers: {},
        body: '',
        error: { code: 'EINVAL', message: (error as Error).message },
      });
      return;
    }
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY) chunks.push(chunk.subarray(0, MAX_BODY - size));
        size += chunk.length;
      });
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (name === 'set-cookie' || value === undefined) continue;
          headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        finish({ status: res.statusCode ?? null, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (error) =>
        finish({ status: null, headers: {}, body: '', error: { code: 'ERESPONSE', message: error.message } }),
      );
    });
    req.on('timeout', () =>
      req.destroy(
        Object.assign(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`), { code: 'ETIMEDOUT' }),
      ),
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish({
        status: null,
        headers: {},
        body: '',
        error: { code: error.code ?? 'ERROR', message: error.message },
      }),
    );
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}
