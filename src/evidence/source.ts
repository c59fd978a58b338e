import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../model/errors.js';

/** How much of a file (decompressed) is looked at to tell its kind. */
const HEAD_BYTES = 64 * 1024;

/** A file (or standard input) opened for one streaming pass; gzip is undone on the fly. */
export interface EvidenceSource {
  name: string;
  /** The first bytes, decompressed, as text (for kind detection). */
  head: string;
  gzip: boolean;
  /** Size on disk when known (for the progress bar); null for standard input. */
  size: number | null;
  /** Bytes read from disk so far (compressed), for progress. */
  bytesRead(): number;
  /** The decompressed content, from the start, head included. Consumable once. */
  chunks(): AsyncIterable<Buffer>;
  /** Lets go of the file without reading the rest (when it was read another way). */
  close(): void;
}

/** `file:line: message`, exit code 2. */
export function inputErrorAt(file: string, line: number, message: string): InputError {
  return new InputError(`${file}:${line}: ${message}`);
}

export async function openSource(name: string, stdin?: Readable): Promise<EvidenceSource> {
  let raw: Readable;
  let size: number | null = null;
  if (name === '-') {
    if (!stdin) throw new InputError('- (standard input) is not available here');
    raw = stdin;
  } else {
    try {
      const stat = statSync(name);
      if (stat.isDirectory()) throw new InputError(`${name}: is a directory, not an evidence file`);
      size = stat.size;
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`${name}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    raw = createReadStream(name, { highWaterMark: 1024 * 1024 });
  }
  let readBytes = 0;
  const rawChunks = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const rawIterator: AsyncIterator<Buffer> = {
    async next() {
      const result = await rawChunks.next();
      if (!result.done) readBytes += (result.value as Buffer).length;
      return result;
    },
  };
  const first = await nextChunk(rawIterator, name);
  const gzip = first !== null && first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;

  let body: AsyncIterator<Buffer>;
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    // Feed the gunzip from the raw iterator (with backpressure), starting with the chunk already read.
    void (async () => {
      try {
        let chunk: Buffer | null = first;
        while (chunk !== null) {
          if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once('drain', r));
          chunk = await nextChunk(rawIterator, name);
        }
        gunzip.end();
      } catch (error) {
        gunzip.destroy(error as Error);
      }
    })();
    body = gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  } else {
    let pending: Buffer | null = first;
    body = {
      async next() {
        if (pending) {
          const value = pending;
          pending = null;
          return { value, done: false };
        }
        const value = await nextChunk(rawIterator, name);
        return value === null ? { value: undefined, done: true } : { value, done: false };
      },
    };
  }

  // Read ahead until the head is big enough, then replay it.
  const buffered: Buffer[] = [];
  let bufferedBytes = 0;
  let ended = false;
  while (bufferedBytes < HEAD_BYTES) {
    const next = await safeNext(body, name, gzip);
    if (next === null) {
      ended = true;
      break;
    }
    buffered.push(next);
    bufferedBytes += next.length;
  }
  const headBuffer = Buffer.concat(buffered);
  const head = headBuffer
    .subarray(0, HEAD_BYTES)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  let consumed = false;
  return {
    name,
    head,
    gzip,
    size,
    bytesRead: () => readBytes,
    close: () => raw.destroy(),
    chunks() {
      if (consumed) throw new Error(`${name} was already read`);
      consumed = true;
      return (async function* () {
        for (const chunk of buffered) yield chunk;
        if (ended) return;
        for (;;) {
          const next = await safeNext(body, name, gzip);
          if (next === null) return;
          yield next;
        }
      })();
    },
  };
}

async function nextChunk(iterator: AsyncIterator<Buffer>, name: string): Promise<Buffer | null> {
  try {
    const { value, done } = await iterator.next();
    return done ? null : (value as Buffer);
  } catch (error) {
    throw new InputError(
      `${name}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

async function safeNext(
  iterator: AsyncIterator<Buffer>,
  name: string,
  gzip: boolean,
): Promise<Buffer | null> {
  try {
    const { value, done } = await iterator.next();
    return done ? null : (value as Buffer);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (gzip && /^Z_|ERR_ZLIB|unexpected end/i.test(`${code} ${(error as Error).message}`))
      throw new InputError(`${name}: the gzip stream is damaged or cut short (${(error as Error).message})`);
    throw new InputError(`${name}: cannot read (${code || (error as Error).message})`);
  }
}

/** A line of text with its 1-based number; `complete` is false for a last line without a newline. */
export interface Line {
  text: string;
  number: number;
  complete: boolean;
}

/** Splits a chunk stream into lines without holding more than one chunk and one partial line. */
export async function* lines(chunks: AsyncIterable<Buffer>): AsyncGenerator<Line> {
  let carry = '';
  let number = 0;
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = carry + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      number += 1;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { text: text.slice(start, end), number, complete: true };
      start = nl + 1;
    }
    carry = text.slice(start);
  }
  carry += decoder.decode();
  if (carry.length > 0) yield { text: carry.replace(/\r$/, ''), number: number + 1, complete: false };
}

export function fileSize(name: string): number | null {
  try {
    return statSync(name).size;
  } catch {
    return null;
  }
}
