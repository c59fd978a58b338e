/**
 * Values parsed from YAML or JSON remember where they were written: each object or array maps to the line of
 * its own node and of each key (or item). Plain JS values stay plain, so extractors read them naturally.
 */
interface Where {
  line: number;
  keys: Map<string, number>;
}

const places = new WeakMap<object, Where>();

export function remember(target: object, line: number): Where {
  const where = { line, keys: new Map<string, number>() };
  places.set(target, where);
  return where;
}

/** The line of an object or array, or of one of its keys or items; 0 when unknown or absent. */
export function lineOf(value: unknown, key?: string | number): number {
  if (value === null || typeof value !== 'object') return 0;
  const where = places.get(value);
  if (!where) return 0;
  if (key === undefined) return where.line;
  return where.keys.get(String(key)) ?? 0;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function isObject(value: unknown): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}
