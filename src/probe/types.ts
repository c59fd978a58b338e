/** What a real request to the URL got back (headers lower-cased, body capped, secrets never kept). */
export interface LiveAnswer {
  method: string;
  url: string;
  status: number | null;
  headers: Record<string, string>;
  body: string;
  elapsedMs: number;
  /** A network failure instead of an answer: DNS, refused, timeout, TLS. */
  error?: { code: string; message: string };
}
