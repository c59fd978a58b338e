import type { HttpRouteConfig } from '../../model/types.js';
import { parseTemplateSegment, splitRequestPath } from './rest-router.js';

/**
 * HTTP API route selection (documented, http-api-develop-routes): a full match of route and method
 * first, then a route with a greedy path variable, then `$default`. Among full matches a literal
 * segment beats a `{param}`, and a route for the exact method beats `ANY`; among greedy routes the
 * longest prefix wins (the documented table: `GET /pets/cat/1` → `GET /pets/{proxy+}` over `ANY /{proxy+}`).
 */

export interface HttpRouteMatch {
  route: HttpRouteConfig;
  pathParameters: Record<string, string>;
}

interface CompiledRoute {
  route: HttpRouteConfig;
  method: string;
  parts: { kind: 'literal' | 'param' | 'greedy'; name: string }[];
  greedy: boolean;
}

export function parseRouteKey(routeKey: string): { method: string; path: string } | undefined {
  const space = routeKey.indexOf(' ');
  if (space < 0) return undefined;
  return { method: routeKey.slice(0, space).toUpperCase(), path: routeKey.slice(space + 1) };
}

export class HttpRouter {
  readonly #compiled: CompiledRoute[] = [];
  readonly #defaultRoute: HttpRouteConfig | undefined;

  constructor(routes: readonly HttpRouteConfig[]) {
    let defaultRoute: HttpRouteConfig | undefined;
    for (const route of routes) {
      if (route.routeKey === '$default') {
        defaultRoute = route;
        continue;
      }
      const key = parseRouteKey(route.routeKey);
      if (!key) continue;
      const parts = splitRequestPath(key.path).map(parseTemplateSegment);
      this.#compiled.push({ route, method: key.method, parts, greedy: parts.at(-1)?.kind === 'greedy' });
    }
    this.#defaultRoute = defaultRoute;
  }

  match(verb: string, path: string): HttpRouteMatch | undefined {
    const segments = splitRequestPath(path);
    let best: { match: HttpRouteMatch; score: number[] } | undefined;
    for (const compiled of this.#compiled) {
      if (compiled.method !== verb && compiled.method !== 'ANY') continue;
      const params = matchParts(compiled, segments);
      if (!params) continue;
      const score = scoreOf(compiled, verb);
      if (!best || compareScores(score, best.score) > 0)
        best = { match: { route: compiled.route, pathParameters: params }, score };
    }
    if (best) return best.match;
    if (this.#defaultRoute) return { route: this.#defaultRoute, pathParameters: {} };
    return undefined;
  }

  /** Routes whose path matches, whatever their method. */
  routesForPath(path: string): HttpRouteConfig[] {
    const segments = splitRequestPath(path);
    return this.#compiled.filter((c) => matchParts(c, segments)).map((c) => c.route);
  }
}

function matchParts(compiled: CompiledRoute, segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  const { parts } = compiled;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.kind === 'greedy') {
      const rest = segments.slice(i).join('/');
      if (!rest) return undefined;
      params[part.name] = decodeSafely(rest);
      return params;
    }
    const segment = segments[i];
    if (segment === undefined) return undefined;
    if (part.kind === 'literal') {
      if (segment !== part.name) return undefined;
    } else {
      if (!segment) return undefined;
      // HTTP APIs decode request parameters before passing them on (documented).
      params[part.name] = decodeSafely(segment);
    }
  }
  return segments.length === parts.length ? params : undefined;
}

/** Higher is better: non-greedy first, then literal-before-param per segment, then exact method. */
function scoreOf(compiled: CompiledRoute, verb: string): number[] {
  const score = [compiled.greedy ? 0 : 1];
  if (compiled.greedy) score.push(compiled.parts.length);
  for (const part of compiled.parts) score.push(part.kind === 'literal' ? 2 : part.kind === 'param' ? 1 : 0);
  score.push(compiled.method === verb ? 1 : 0);
  return score;
}

function compareScores(a: number[], b: number[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
