import { inputErrorAt } from './source.js';

/** One JSON value cut out of a stream: parsed, with the line it starts on. */
export interface JsonElement {
  value: unknown;
  line: number;
}

export interface JsonStreamOptions {
  file: string;
  /** Emit the elements of arrays held under these keys (e.g. HAR `entries`, CloudTrail `Records`). */
  arrayKeys?: string[];
  /** Emit each top-level value instead (one JSON document, JSON lines, concatenated JSON). */
  topLevel?: boolean;
  /** Emit the elements of a top-level array. */
  topLevelArray?: boolean;
  /** Called when the stream ends inside a value: what came before was emitted. */
  onTruncated?: (line: number) => void;
  /** Largest single element held in memory. */
  maxElementBytes?: number;
}

const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;
const COLON = 58;
const COMMA = 44;

/**
 * Cuts JSON values out of a byte stream without parsing the whole document: a small state machine
 * tracks strings, nesting and lines, and only the elements asked for are held and `JSON.parse`d.
 * Memory is bounded by the largest element, not by the file.
 */
export async function* jsonElements(
  chunks: AsyncIterable<Buffer>,
  options: JsonStreamOptions,
): AsyncGenerator<JsonElement> {
  const keys = new Set(options.arrayKeys ?? []);
  const maxElement = options.maxElementBytes ?? 256 * 1024 * 1024;
  const stack: number[] = [];
  let line = 1;
  let inString = false;
  let escape = false;
  let stringStart = -1;
  let stringParts = '';
  let lastString: string | null = null;
  let pendingKey: string | null = null;
  let targetDepth = options.topLevel ? 0 : -1;
  let capturing = false;
  let captureParts: string[] = [];
  let captureBytes = 0;
  let captureStart = 0;
  let elementLine = 0;
  let topLevelDone = false;
  const decoder = new TextDecoder('utf-8');

  const fail = (message: string) => inputErrorAt(options.file, line, message);

  for await (const chunk of chunks) {
    const s = decoder.decode(chunk, { stream: true });
    const n = s.length;
    captureStart = 0;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (inString) {
        if (escape) escape = false;
        else if (c === BACKSLASH) escape = true;
        else if (c === QUOTE) {
          inString = false;
          if (!capturing && stringStart >= 0) {
            lastString = stringParts + s.slice(stringStart, i);
            stringParts = '';
          }
        } else if (c === NEWLINE) line++;
        continue;
      }
      switch (c) {
        case NEWLINE:
          line++;
          break;
        case QUOTE:
          if (!capturing && targetDepth === stack.length && options.topLevel) {
            throw fail('expected a JSON object here, found a string');
          }
          inString = true;
          stringStart = capturing ? -1 : i + 1;
          stringParts = '';
          break;
        case COLON:
          pendingKey = lastString;
          lastString = null;
          break;
        case COMMA:
          pendingKey = null;
          lastString = null;
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY: {
          if (stack.length === 0 && topLevelDone && !options.topLevel)
            throw fail('unexpected data after the end of the JSON document');
          if (!capturing && targetDepth >= 0 && stack.length === targetDepth) {
            capturing = true;
            captureParts = [];
            captureBytes = 0;
            captureStart = i;
            elementLine = line;
          }
          stack.push(c);
          if (!capturing) {
            if (c === OPEN_ARRAY && pendingKey !== null && keys.has(pendingKey)) targetDepth = stack.length;
            else if (c === OPEN_ARRAY && stack.length === 1 && options.topLevelArray) targetDepth = 1;
          }
          pendingKey = null;
          break;
        }
        case CLOSE_OBJECT:
        case CLOSE_ARRAY: {
          const open = stack.pop();
          if (open === undefined || (c === CLOSE_OBJECT) !== (open === OPEN_OBJECT))
            throw fail(`unexpected "${String.fromCharCode(c)}"`);
          if (capturing && stack.length === targetDepth) {
            capturing = false;
            const text = captureParts.join('') + s.slice(captureStart, i + 1);
            captureParts = [];
            yield { value: parseElement(text, options.file, elementLine), line: elementLine };
          } else if (!capturing && targetDepth > 0 && stack.length < targetDepth) {
            targetDepth = -1;
          }
          if (stack.length === 0) topLevelDone = true;
          pendingKey = null;
          break;
        }
        default:
          break;
      }
    }
    if (inString && !capturing && stringStart >= 0) {
      stringParts += s.slice(stringStart);
      stringStart = 0;
    }
    if (capturing) {
      const rest = s.slice(captureStart);
      captureBytes += rest.length;
      if (captureBytes > maxElement)
        throw inputErrorAt(options.file, elementLine, `one JSON value is larger than ${maxElement} bytes`);
      captureParts.push(rest);
    }
  }
  if (stack.length > 0 || inString) {
    if (options.onTruncated) options.onTruncated(line);
    else throw fail('the JSON ends in the middle (truncated)');
  }
}

function parseElement(text: string, file: string, startLine: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? NaN);
    let line = startLine;
    if (Number.isFinite(position))
      for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === NEWLINE) line++;
    throw inputErrorAt(
      file,
      line,
      `malformed JSON (${message.replace(/^JSON\.parse: /, '').split('\n')[0]})`,
    );
  }
}
