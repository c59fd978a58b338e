// Deterministic route set and request list shared by the routing benchmark.
//
// A realistic 300-resource REST API: versioned collections with `{id}` members, literal actions next
// to `{param}` siblings (`/v1/customers/search` beside `/v1/customers/{customerId}`), nested
// sub-collections several levels deep, and greedy `{proxy+}` resources. Every resource has 1–3
// methods (some `ANY`). Intermediate resources are implicit (API Gateway lists them with no methods;
// neither router needs them).

export const RESOURCE_COUNT = 300;
export const REQUEST_COUNT = 4000;
export const MISS_SHARE = 0.1;

/** Small deterministic PRNG (mulberry32) so every run uses the same routes and paths. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COLLECTIONS = [
  ['customers', 'customerId'],
  ['orders', 'orderId'],
  ['products', 'productId'],
  ['invoices', 'invoiceId'],
  ['payments', 'paymentId'],
  ['shipments', 'shipmentId'],
  ['accounts', 'accountId'],
  ['users', 'userId'],
  ['teams', 'teamId'],
  ['projects', 'projectId'],
  ['tickets', 'ticketId'],
  ['carts', 'cartId'],
  ['coupons', 'couponId'],
  ['warehouses', 'warehouseId'],
  ['suppliers', 'supplierId'],
  ['categories', 'categoryId'],
  ['subscriptions', 'subscriptionId'],
  ['plans', 'planId'],
  ['webhooks', 'webhookId'],
  ['events', 'eventId'],
  ['reports', 'reportId'],
  ['sessions', 'sessionId'],
  ['devices', 'deviceId'],
  ['stores', 'storeId'],
];
const SUBS = [
  ['orders', 'orderId'],
  ['items', 'itemId'],
  ['notes', 'noteId'],
  ['members', 'memberId'],
  ['addresses', 'addressId'],
  ['payments', 'paymentId'],
  ['comments', 'commentId'],
  ['versions', 'versionId'],
  ['tags', 'tagId'],
  ['permissions', 'permissionId'],
];
const LEAVES = ['items', 'history', 'status', 'lines', 'refunds', 'events'];
const ACTIONS = ['search', 'export', 'count', 'batch', 'me', 'bulk'];

const LIST_METHODS = [['GET'], ['GET', 'POST'], ['GET', 'POST'], ['GET', 'POST', 'DELETE']];
const ITEM_METHODS = [['GET'], ['GET', 'PUT'], ['GET', 'PUT', 'DELETE'], ['GET', 'PATCH', 'DELETE'], ['ANY']];
const ACTION_METHODS = [['GET'], ['POST'], ['GET', 'POST']];

/**
 * Builds the resources: `{ path, methods: { VERB: { httpMethod, authorizationType, apiKeyRequired } } }`.
 */
export function buildResources() {
  const random = rng(0x5eed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const byPath = new Map();
  const add = (path, verbs) => {
    if (byPath.size >= RESOURCE_COUNT || byPath.has(path)) return;
    const methods = {};
    for (const verb of verbs) {
      methods[verb] = {
        httpMethod: verb,
        authorizationType: pick(['NONE', 'AWS_IAM', 'COGNITO_USER_POOLS', 'CUSTOM']),
        apiKeyRequired: random() < 0.2,
      };
    }
    byPath.set(path, { path, methods });
  };

  // Greedy resources first (a handful, they exist in most real APIs).
  add('/v1/files/{proxy+}', ['GET', 'PUT']);
  add('/v1/assets/{proxy+}', ['GET']);
  add('/v2/legacy/{proxy+}', ['ANY']);
  add('/internal/{proxy+}', ['ANY']);
  add('/v1/health', ['GET']);
  add('/v1/status', ['GET']);

  // Round-robin over the collections so every one grows breadth first, until 300 resources exist.
  const plans = COLLECTIONS.map(([name, id], index) => ({ name, id, index, step: 0, subs: [] }));
  for (const plan of plans) {
    const count = 2 + Math.floor(random() * 3);
    const start = plan.index % SUBS.length;
    for (let s = 0; s < count; s++) {
      const sub = SUBS[(start + s * 3) % SUBS.length];
      if (sub[1] !== plan.id) plan.subs.push(sub);
    }
  }
  let progress = true;
  while (byPath.size < RESOURCE_COUNT && progress) {
    progress = false;
    for (const plan of plans) {
      const steps = stepsFor(plan);
      if (plan.step >= steps.length) continue;
      const [path, verbs] = steps[plan.step++](pick);
      add(path, verbs);
      progress = true;
      if (byPath.size >= RESOURCE_COUNT) break;
    }
  }
  return [...byPath.values()];
}

function stepsFor(plan) {
  if (plan.steps) return plan.steps;
  const base = `/v1/${plan.name}`;
  const member = `${base}/{${plan.id}}`;
  const steps = [
    (pick) => [base, pick(LIST_METHODS)],
    (pick) => [member, pick(ITEM_METHODS)],
    (pick) => [`${base}/${ACTIONS[plan.index % ACTIONS.length]}`, pick(ACTION_METHODS)],
  ];
  for (const [sub, subId] of plan.subs) {
    steps.push((pick) => [`${member}/${sub}`, pick(LIST_METHODS)]);
    steps.push((pick) => [`${member}/${sub}/{${subId}}`, pick(ITEM_METHODS)]);
  }
  for (const [sub, subId] of plan.subs) {
    const leaf = LEAVES[(plan.index + sub.length) % LEAVES.length];
    steps.push((pick) => [`${member}/${sub}/{${subId}}/${leaf}`, pick(LIST_METHODS)]);
    if (plan.index % 3 === 0)
      steps.push((pick) => [`${member}/${sub}/{${subId}}/${leaf}/{entryId}`, pick(ITEM_METHODS)]);
  }
  if (plan.index % 4 === 1) steps.push(() => [`${member}/attachments/{proxy+}`, ['GET', 'PUT']]);
  if (plan.index % 5 === 2) steps.push(() => [`/v2/${plan.name}`, ['GET']]);
  if (plan.index % 5 === 2) steps.push(() => [`/v2/${plan.name}/{${plan.id}}`, ['GET', 'PUT']]);
  plan.steps = steps;
  return steps;
}

const ANY_VERBS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

function concreteSegment(random, kind) {
  switch (kind % 4) {
    case 0:
      return String(1 + Math.floor(random() * 99999));
    case 1:
      return `${(Math.floor(random() * 0xffffffff) >>> 0).toString(16).padStart(8, '0')}-${Math.floor(random() * 0xffff).toString(16)}`;
    case 2:
      return `cus_${Math.floor(random() * 1e9).toString(36)}`;
    default:
      return ['alpha', 'beta', 'gamma', 'delta', 'latest', 'eu-west-1'][Math.floor(random() * 6)];
  }
}

/** Instantiates a template with concrete values; greedy segments get 1–4 segments. */
function instantiate(random, template) {
  return template
    .split('/')
    .map((segment) => {
      if (!segment.startsWith('{')) return segment;
      if (segment.endsWith('+}')) {
        const depth = 1 + Math.floor(random() * 4);
        const parts = [];
        for (let i = 0; i < depth; i++)
          parts.push(i === depth - 1 && random() < 0.5 ? `file-${i}.json` : concreteSegment(random, 3 + i));
        return parts.join('/');
      }
      return concreteSegment(random, Math.floor(random() * 4));
    })
    .join('/');
}

/**
 * The request list: `[verb, path, kind]` with kind one of literal | param | greedy | miss (the
 * expected kind; the benchmark checks both routers agree on hit/miss for each, whatever the kind).
 */
export function buildRequests(resources) {
  const random = rng(0xbe7c4);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const seen = new Set();
  const requests = [];
  const push = (verb, path, kind) => {
    const key = `${verb} ${path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    requests.push([verb, path, kind]);
    return true;
  };
  const hitsWanted = Math.round(REQUEST_COUNT * (1 - MISS_SHARE));
  let guard = 0;
  while (requests.length < hitsWanted && guard++ < REQUEST_COUNT * 20) {
    const resource = pick(resources);
    const verbs = Object.keys(resource.methods).flatMap((v) => (v === 'ANY' ? ANY_VERBS : [v]));
    const kind = resource.path.includes('+}') ? 'greedy' : resource.path.includes('{') ? 'param' : 'literal';
    push(pick(verbs), instantiate(random, resource.path), kind);
  }
  const missMakers = [
    // Unknown top-level collection / version.
    () => ['GET', `/v1/${pick(['widgets', 'gadgets', 'vendors', 'clients'])}/${concreteSegment(random, 0)}`],
    () => ['GET', `/v3/${pick(COLLECTIONS)[0]}`],
    // Known collection, unknown child under a member.
    () => [
      'GET',
      `/v1/${pick(COLLECTIONS)[0]}/${concreteSegment(random, 0)}/${pick(['settings', 'avatar', 'audit'])}`,
    ],
    // Too deep for any template.
    () => [
      'GET',
      `/v1/${pick(COLLECTIONS)[0]}/${concreteSegment(random, 0)}/${pick(SUBS)[0]}/${concreteSegment(random, 1)}/x/y/z`,
    ],
    // Greedy parent itself (a greedy resource needs at least one segment).
    () => ['GET', pick(['/v1/files', '/v1/assets', '/v2/legacy', '/internal'])],
    // Existing path, method not configured.
    () => {
      for (;;) {
        const resource = pick(resources);
        if (resource.methods.ANY) continue;
        const verb = pick(
          ['PATCH', 'PUT', 'DELETE', 'POST', 'HEAD', 'OPTIONS'].filter((v) => !resource.methods[v]),
        );
        if (!verb) continue;
        return [verb, instantiate(random, resource.path)];
      }
    },
  ];
  guard = 0;
  while (requests.length < REQUEST_COUNT && guard++ < REQUEST_COUNT * 20) {
    const [verb, path] = pick(missMakers)();
    push(verb, path, 'miss');
  }
  // Interleave so the timed loop does not see long runs of one kind.
  for (let i = requests.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [requests[i], requests[j]] = [requests[j], requests[i]];
  }
  return requests;
}

/** API Gateway template → find-my-way pattern: `{x}` → `:x`, `{proxy+}` → `*`. */
export function toFindMyWayPath(template) {
  return template
    .split('/')
    .map((segment) =>
      segment.endsWith('+}') ? '*' : segment.startsWith('{') ? `:${segment.slice(1, -1)}` : segment,
    )
    .join('/');
}
