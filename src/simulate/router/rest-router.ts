import { ANY_METHODS, type MethodConfig, type ResourceConfig } from '../../model/types.js';

/**
 * REST API route resolution on a stage's deployed resources.
 *
 * Match order (shared/reference/gateway-behavior.md §2.1): at each level a literal child, then a
 * `{param}` child, then a `{greedy+}` child, backtracking when a branch fails. A match is final only
 * when the resource has the request's method or ANY, so a literal resource that lacks the method
 * yields to a sibling (recorded). Root is never matched by `/{proxy+}` (documented).
 *
 * Templates are matched segment by segment against a tree; no regular expression is ever built from
 * user text. The walk is iterative (no recursion limit on deep trees) and visits each node at most once:
 * a node has one parent, and a non-greedy frame's position is always the node's depth.
 */

interface TreeNode {
  literal: Map<string, TreeNode>;
  params: TreeNode[];
  greedy: TreeNode[];
  /** Parameter name for `{name}` / `{name+}` nodes. */
  paramName?: string;
  resource?: ResourceConfig;
}

export interface RestRouteMatch {
  resource: ResourceConfig;
  /** The method key that served the request: the verb itself or `ANY`. */
  methodKey: string;
  method: MethodConfig;
  pathParameters: Record<string, string>;
}

interface Frame {
  node: TreeNode;
  at: number;
  greedy: boolean;
  captures: Capture | undefined;
}

interface Capture {
  name: string;
  /** A segment, or for a greedy parameter the index where its remainder starts. */
  value: string | number;
  prev: Capture | undefined;
}

/** Trees deeper than this are walked iteratively (a hostile snapshot cannot overflow the stack). */
const MAX_RECURSION = 512;

/** Splits a path inside the API into segments the way API Gateway does (recorded, §2.1). */
export function splitRequestPath(path: string): string[] {
  let start = 0;
  let end = path.length;
  // Leading duplicate slashes are ignored (`/stage//hardcoded` → `/hardcoded`, recorded) and so is a
  // trailing slash (`/proxy-value/` → proxy=`proxy-value`, recorded).
  while (start < end && path.charCodeAt(start) === 47) start++;
  while (end > start && path.charCodeAt(end - 1) === 47) end--;
  if (start === end) return [];
  return path.slice(start, end).split('/');
}

export function parseTemplateSegment(segment: string): {
  kind: 'literal' | 'param' | 'greedy';
  name: string;
} {
  if (segment.length >= 2 && segment.startsWith('{') && segment.endsWith('}')) {
    const inner = segment.slice(1, -1);
    if (inner.endsWith('+')) return { kind: 'greedy', name: inner.slice(0, -1) };
    return { kind: 'param', name: inner };
  }
  return { kind: 'literal', name: segment };
}

/** The method entry that serves `verb` on a resource: the verb itself, else ANY for its seven verbs. */
export function methodFor(
  resource: ResourceConfig,
  verb: string,
): { key: string; method: MethodConfig } | undefined {
  const exact = resource.methods[verb];
  if (exact) return { key: verb, method: exact };
  const any = resource.methods.ANY;
  if (any && (ANY_METHODS as readonly string[]).includes(verb)) return { key: 'ANY', method: any };
  return undefined;
}

export class RestRouter {
  readonly #root: TreeNode;
  /** Deepest resource, in segments: recursion is used only where it cannot exhaust the stack. */
  #depth = 0;

  constructor(resources: readonly ResourceConfig[]) {
    this.#root = this.#newNode();
    for (const resource of resources) this.#insert(resource);
  }

  #newNode(paramName?: string): TreeNode {
    const node: TreeNode = { literal: new Map(), params: [], greedy: [] };
    if (paramName !== undefined) node.paramName = paramName;
    return node;
  }

  #insert(resource: ResourceConfig): void {
    let node = this.#root;
    const segments = splitRequestPath(resource.path);
    if (segments.length > this.#depth) this.#depth = segments.length;
    for (const segment of segments) {
      const part = parseTemplateSegment(segment);
      if (part.kind === 'literal') {
        let next = node.literal.get(part.name);
        if (!next) node.literal.set(part.name, (next = this.#newNode()));
        node = next;
      } else {
        const list = part.kind === 'param' ? node.params : node.greedy;
        let next = list.find((n) => n.paramName === part.name);
        if (!next) list.push((next = this.#newNode(part.name)));
        node = next;
      }
    }
    // Two entries for one path (e.g. a hand-written snapshot) merge their methods.
    node.resource = node.resource
      ? { ...node.resource, methods: { ...node.resource.methods, ...resource.methods } }
      : resource;
  }

  /** Resolves a request to the resource + method pair that serves it, or undefined (a miss). */
  match(verb: string, path: string): RestRouteMatch | undefined {
    const segments = splitRequestPath(path);
    if (this.#depth <= MAX_RECURSION) return this.#search(this.#root, segments, 0, verb);
    let found: RestRouteMatch | undefined;
    this.#walk(segments, (node, captures) => {
      const resource = node.resource;
      if (!resource) return false;
      const served = methodFor(resource, verb);
      if (!served) return false;
      found = {
        resource,
        methodKey: served.key,
        method: served.method,
        pathParameters: toParams(captures, segments),
      };
      return true;
    });
    return found;
  }

  /**
   * The same depth-first search as #walk, recursive for speed (the hot path): literal child, then
   * {param} children, then greedy children. Parameters are filled in while the recursion unwinds,
   * the deepest first (as #walk's captures do).
   */
  #search(node: TreeNode, segments: string[], at: number, verb: string): RestRouteMatch | undefined {
    if (at === segments.length) {
      const resource = node.resource;
      const served = resource && methodFor(resource, verb);
      return served
        ? { resource: resource, methodKey: served.key, method: served.method, pathParameters: {} }
        : undefined;
    }
    const segment = segments[at]!;
    const literal = node.literal.get(segment);
    if (literal) {
      const hit = this.#search(literal, segments, at + 1, verb);
      if (hit) return hit;
    }
    if (segment.length > 0) {
      for (const child of node.params) {
        const hit = this.#search(child, segments, at + 1, verb);
        if (hit) {
          const name = child.paramName ?? '';
          if (!(name in hit.pathParameters)) hit.pathParameters[name] = segment;
          return hit;
        }
      }
    }
    for (const child of node.greedy) {
      const resource = child.resource;
      const served = resource && methodFor(resource, verb);
      if (served) {
        const pathParameters = { [child.paramName ?? '']: segments.slice(at).join('/') };
        return { resource: resource, methodKey: served.key, method: served.method, pathParameters };
      }
    }
    return undefined;
  }

  /** Every resource whose path template matches, whatever its methods (most specific first). */
  resourcesForPath(path: string, limit = 20): ResourceConfig[] {
    const segments = splitRequestPath(path);
    const out: ResourceConfig[] = [];
    this.#walk(segments, (node) => {
      if (node.resource) out.push(node.resource);
      return out.length >= limit;
    });
    return out;
  }

  /** The longest prefix of the path that exists as a resource chain (for "resource not found" evidence). */
  deepestPrefix(path: string): string {
    const segments = splitRequestPath(path);
    let node = this.#root;
    const taken: string[] = [];
    for (const segment of segments) {
      const next = node.literal.get(segment) ?? (segment ? node.params[0] : undefined);
      if (!next) break;
      taken.push(next.paramName !== undefined ? `{${next.paramName}}` : segment);
      node = next;
    }
    return '/' + taken.join('/');
  }

  /**
   * Depth-first over candidates in match order. `accept` is called for every node the whole path
   * reaches; returning true stops the walk.
   */
  #walk(segments: string[], accept: (node: TreeNode, captures: Capture | undefined) => boolean): void {
    const total = segments.length;
    const stack: Frame[] = [{ node: this.#root, at: 0, greedy: false, captures: undefined }];
    while (stack.length > 0) {
      const frame = stack.pop()!;
      const { node, at } = frame;
      if (frame.greedy || at === total) {
        if (accept(node, frame.captures)) return;
        continue;
      }
      const segment = segments[at]!;
      // Pushed in reverse priority: the literal child is popped first.
      // The remainder is never empty here (trailing slashes are stripped, so the last segment is
      // not); it is joined only if this greedy route wins.
      for (let g = node.greedy.length - 1; g >= 0; g--) {
        const child = node.greedy[g]!;
        stack.push({ node: child, at: total, greedy: true, captures: capture(child, at, frame.captures) });
      }
      if (segment.length > 0) {
        for (let p = node.params.length - 1; p >= 0; p--) {
          const child = node.params[p]!;
          stack.push({
            node: child,
            at: at + 1,
            greedy: false,
            captures: capture(child, segment, frame.captures),
          });
        }
      }
      const literal = node.literal.get(segment);
      if (literal) stack.push({ node: literal, at: at + 1, greedy: false, captures: frame.captures });
    }
  }
}

function capture(node: TreeNode, value: string | number, prev: Capture | undefined): Capture {
  return { name: node.paramName ?? '', value, prev };
}

function toParams(captures: Capture | undefined, segments: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (let c = captures; c; c = c.prev) {
    if (c.name in params) continue;
    params[c.name] = typeof c.value === 'number' ? segments.slice(c.value).join('/') : c.value;
  }
  return params;
}
