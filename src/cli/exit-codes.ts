/** The single table of exit codes (README "Exit codes" documents the same). */
export const EXIT = {
  /** The request succeeds (or the command did what was asked). */
  ok: 0,
  /** Findings: the request fails, and the report says why. */
  findings: 1,
  /** Usage or input error: a bad flag, a malformed URL, an unreadable or invalid file. */
  usage: 2,
  /** AWS credentials or permissions (live commands). */
  auth: 4,
  /** AWS answered with an error that ends the command: throttled beyond retries, unreachable. */
  aws: 5,
} as const;
