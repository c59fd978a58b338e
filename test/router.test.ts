import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { HttpRouteConfig, MethodConfig, ResourceConfig } from '../src/model/types.js';
import { HttpRouter } from '../src/simulate/router/http-router.js';
import { RestRouter } from '../src/simulate/router/rest-router.js';

// Routing cases from shared/reference/gateway-behavior.md §2.1 (REST) and §3 (HTTP API).
// Each table row names the reference fact it checks; rows resting only on an INFERRED fact say so.

function method(verb: string): MethodConfig {
  return { httpMethod: verb, authorizationType: 'NONE', apiKeyRequired: false };
}

/** A resource with the given methods: `res('/pets', 'GET', 'POST')`. */
function res(path: string, ...verbs: string[]): ResourceConfig {
  return { path, methods: Object.fromEntries(verbs.map((v) => [v, method(v)])) };
}

interface RestCase {
  verb: string;
  path: string;
  /** `"<method key> <resource path>"`, or null for a miss (403 Missing Authentication Token). */
  expect: string | null;
  params?: Record<string, string>;
  why: string;
}

/** Runs a table against one tree; each row is its own test so a failure names the row. */
function restTable(
  name: string,
  tree: ResourceConfig[],
  cases: RestCase[],
  todo?: (c: RestCase) => string | undefined,
): void {
  const router = new RestRouter(tree);
  for (const c of cases) {
    const reason = todo?.(c);
    test(
      `REST ${name}: ${c.verb} ${c.path.length > 80 ? c.path.slice(0, 80) + '…' : c.path} → ${c.expect ?? 'miss'}`,
      reason ? { todo: reason } : {},
      () => {
        const m = router.match(c.verb, c.path);
        assert.equal(m ? `${m.methodKey} ${m.resource.path}` : null, c.expect, c.why);
        if (m && c.params) assert.deepEqual(m.pathParameters, c.params, c.why);
      },
    );
  }
}

// ---- LocalStack test_proxy_routing_with_hardcoded_resource_sibling (RECORDED-assert, EDGE) ----
restTable(
  'hardcoded sibling',
  [res('/'), res('/test', 'POST'), res('/test/any', 'ANY'), res('/{proxy+}', 'OPTIONS')],
  [
    // The literal /test lacks OPTIONS, so the pair falls through to the greedy sibling.
    {
      verb: 'OPTIONS',
      path: '/test',
      expect: 'OPTIONS /{proxy+}',
      params: { proxy: 'test' },
      why: 'recorded: OPTIONS /test → /{proxy+}',
    },
    // The literal has the method: it wins over the greedy.
    { verb: 'POST', path: '/test', expect: 'POST /test', params: {}, why: 'recorded: POST /test → /test' },
    // ANY on /test/any beats /{proxy+} OPTIONS for OPTIONS.
    {
      verb: 'OPTIONS',
      path: '/test/any',
      expect: 'ANY /test/any',
      why: 'recorded: OPTIONS /test/any → /test/any ANY',
    },
    {
      verb: 'GET',
      path: '/test/any',
      expect: 'ANY /test/any',
      why: 'recorded: GET /test/any → /test/any ANY',
    },
    // Neither /test nor /{proxy+} has GET (inferred from the pair-matching algorithm).
    { verb: 'GET', path: '/test', expect: null, why: 'inferred: no candidate has GET → MAT' },
  ],
);

// ---- LocalStack test_routing_with_hardcoded_resource_sibling_order (RECORDED-assert) ----
restTable(
  'hardcoded sibling order',
  [res('/'), res('/part1', 'GET'), res('/{param+}', 'GET'), res('/part1/hardcoded-value', 'GET')],
  [
    // The literal parent /part1 does not block the root greedy.
    {
      verb: 'GET',
      path: '/part1/random-value',
      expect: 'GET /{param+}',
      params: { param: 'part1/random-value' },
      why: 'recorded',
    },
    {
      verb: 'GET',
      path: '/part1/hardcoded-value',
      expect: 'GET /part1/hardcoded-value',
      params: {},
      why: 'recorded: literal beats greedy',
    },
    { verb: 'GET', path: '/part1', expect: 'GET /part1', params: {}, why: 'recorded: literal beats greedy' },
  ],
);

// ---- floci#3399 comment (COMMUNITY measured, us-west-2 regional) ----
restTable(
  'floci#3399',
  [
    res('/'),
    res('/users'),
    res('/users/{userId}', 'GET'),
    res('/users/me', 'PATCH'),
    res('/roles'),
    res('/roles/{roleId}', 'GET'),
    res('/roles/provision', 'POST'),
    res('/things'),
    res('/things/real', 'GET'),
    res('/things/{proxy+}', 'ANY'),
  ],
  [
    {
      verb: 'GET',
      path: '/users/me',
      expect: 'GET /users/{userId}',
      params: { userId: 'me' },
      why: 'community: literal lacks GET → {param}',
    },
    {
      verb: 'PATCH',
      path: '/users/me',
      expect: 'PATCH /users/me',
      params: {},
      why: 'community: literal has PATCH',
    },
    { verb: 'POST', path: '/users/me', expect: null, why: 'community: nobody has POST → 403 MAT' },
    {
      verb: 'GET',
      path: '/roles/provision',
      expect: 'GET /roles/{roleId}',
      params: { roleId: 'provision' },
      why: 'community',
    },
    {
      verb: 'POST',
      path: '/roles/provision',
      expect: 'POST /roles/provision',
      why: 'community: literal has POST',
    },
    {
      verb: 'POST',
      path: '/things/real',
      expect: 'ANY /things/{proxy+}',
      params: { proxy: 'real' },
      why: 'community: method mismatch falls to greedy sibling',
    },
    {
      verb: 'GET',
      path: '/things/real',
      expect: 'GET /things/real',
      params: {},
      why: 'community: literal has GET',
    },
  ],
);

// ---- ministack#1423 (COMMUNITY measured, eu-central-1) ----
restTable(
  'ministack#1423',
  [
    res('/'),
    res('/{proxy+}', 'ANY'),
    res('/jobs'),
    res('/jobs/{operation_type}', 'GET'),
    res('/cors_only', 'OPTIONS'),
  ],
  [
    {
      verb: 'GET',
      path: '/jobs',
      expect: 'ANY /{proxy+}',
      params: { proxy: 'jobs' },
      why: 'community: /jobs has no methods',
    },
    { verb: 'POST', path: '/jobs', expect: 'ANY /{proxy+}', params: { proxy: 'jobs' }, why: 'community' },
    {
      verb: 'POST',
      path: '/jobs/reboot',
      expect: 'ANY /{proxy+}',
      params: { proxy: 'jobs/reboot' },
      why: 'community: {param} lacks POST',
    },
    {
      verb: 'GET',
      path: '/cors_only',
      expect: 'ANY /{proxy+}',
      params: { proxy: 'cors_only' },
      why: 'community: literal has only OPTIONS',
    },
    {
      verb: 'GET',
      path: '/jobs/reboot',
      expect: 'GET /jobs/{operation_type}',
      params: { operation_type: 'reboot' },
      why: 'community (implied)',
    },
    { verb: 'OPTIONS', path: '/cors_only', expect: 'OPTIONS /cors_only', why: 'literal has the method' },
  ],
);

// ---- Root is not matched by /{proxy+} (DOCUMENTED + KC) ----
restTable(
  'root vs greedy',
  [res('/'), res('/{proxy+}', 'ANY')],
  [
    { verb: 'GET', path: '/', expect: null, why: 'documented: root with methods only on children → MAT' },
    { verb: 'GET', path: '', expect: null, why: 'documented: empty path is the root' },
    { verb: 'GET', path: '//', expect: null, why: 'recorded slash handling: still the root' },
    {
      verb: 'GET',
      path: '/x',
      expect: 'ANY /{proxy+}',
      params: { proxy: 'x' },
      why: 'documented: greedy covers /*',
    },
  ],
);
restTable(
  'root with a method',
  [res('/', 'GET'), res('/{proxy+}', 'ANY')],
  [
    { verb: 'GET', path: '/', expect: 'GET /', params: {}, why: 'documented: the root needs its own method' },
    { verb: 'POST', path: '/', expect: null, why: 'documented: /{proxy+} does not take the root' },
  ],
);

// ---- ANY = its seven verbs (DOCUMENTED); explicit method beats ANY (INFERRED, LocalStack does it) ----
restTable(
  'ANY',
  [res('/'), res('/only-any', 'ANY'), res('/pets', 'ANY', 'GET')],
  [
    ...(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const).map((verb) => ({
      verb,
      path: '/only-any',
      expect: 'ANY /only-any',
      why: `documented: ANY covers ${verb}`,
    })),
    {
      verb: 'GET',
      path: '/pets',
      expect: 'GET /pets',
      why: 'inferred: the explicit GET method beats ANY on the same resource',
    },
    {
      verb: 'POST',
      path: '/pets',
      expect: 'ANY /pets',
      why: 'documented: ANY serves the verbs without their own method',
    },
    // Other verbs are "unknown" in the reference; LocalStack maps ANY to exactly the seven (reasonable).
    { verb: 'TRACE', path: '/only-any', expect: null, why: 'TRACE is not one of the seven ANY verbs' },
    { verb: 'CONNECT', path: '/only-any', expect: null, why: 'CONNECT is not one of the seven ANY verbs' },
  ],
);

// ---- Slashes and encoding (RECORDED-snap, LocalStack lambda snapshots) ----
restTable(
  'slashes and encoding',
  [res('/'), res('/{proxy+}', 'ANY'), res('/hardcoded', 'GET')],
  [
    {
      verb: 'GET',
      path: '/proxy-value/',
      expect: 'ANY /{proxy+}',
      params: { proxy: 'proxy-value' },
      why: 'recorded: trailing slash dropped from the parameter',
    },
    {
      verb: 'GET',
      path: '//proxy-value',
      expect: 'ANY /{proxy+}',
      params: { proxy: 'proxy-value' },
      why: 'recorded: leading duplicate slash ignored',
    },
    {
      verb: 'GET',
      path: '//hardcoded',
      expect: 'GET /hardcoded',
      params: {},
      why: 'recorded: /stage//hardcoded → /hardcoded',
    },
    {
      verb: 'GET',
      path: '/proxy-value//double-slash',
      expect: 'ANY /{proxy+}',
      params: { proxy: 'proxy-value//double-slash' },
      why: 'recorded: an inner double slash is kept inside the greedy parameter',
    },
    {
      verb: 'GET',
      path: '/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com',
      expect: 'ANY /{proxy+}',
      params: { proxy: 'proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com' },
      why: 'recorded: %2B stays undecoded in the greedy parameter',
    },
    // Case sensitivity is INFERRED (LocalStack matches case-sensitively); /Hardcoded falls to the greedy.
    {
      verb: 'GET',
      path: '/Hardcoded',
      expect: 'ANY /{proxy+}',
      params: { proxy: 'Hardcoded' },
      why: 'inferred: case-sensitive literal',
    },
  ],
);
restTable(
  'literal resources',
  [res('/'), res('/pets', 'GET'), res('/pets/{id}', 'GET')],
  [
    {
      verb: 'GET',
      path: '/pets/',
      expect: 'GET /pets',
      why: 'inferred (same as the recorded proxy case): trailing slash ignored',
    },
    { verb: 'GET', path: '/Pets', expect: null, why: 'inferred: resource paths are case-sensitive → MAT' },
    {
      verb: 'GET',
      path: '/pets/5',
      expect: 'GET /pets/{id}',
      params: { id: '5' },
      why: 'documented: {param} takes one segment',
    },
    {
      verb: 'GET',
      path: '/pets/5/type',
      expect: null,
      why: 'documented: {param} does not span segments → MAT',
    },
    { verb: 'GET', path: '/random-non-existing', expect: null, why: 'recorded: not-found → MAT' },
    { verb: 'POST', path: '/pets', expect: null, why: 'recorded: wrong-method → MAT' },
  ],
);

// ---- resourcesForPath and deepestPrefix (evidence for "resource exists, method missing") ----
test('REST resourcesForPath: every template matching the path, most specific first', () => {
  const router = new RestRouter([
    res('/'),
    res('/test', 'POST'),
    res('/test/any', 'ANY'),
    res('/{proxy+}', 'OPTIONS'),
  ]);
  const cases: { path: string; expect: string[]; why: string }[] = [
    { path: '/test', expect: ['/test', '/{proxy+}'], why: 'literal before greedy, whatever the methods' },
    { path: '/test/any', expect: ['/test/any', '/{proxy+}'], why: 'both match the path' },
    { path: '/nope', expect: ['/{proxy+}'], why: 'only the greedy' },
    { path: '/', expect: ['/'], why: 'the root resource, never the greedy' },
  ];
  for (const c of cases)
    assert.deepEqual(
      router.resourcesForPath(c.path).map((r) => r.path),
      c.expect,
      c.why,
    );
});

test('REST resourcesForPath honours its limit', () => {
  const tree = [res('/'), res('/{a}', 'GET'), res('/x', 'GET'), res('/{p+}', 'GET')];
  const router = new RestRouter(tree);
  assert.deepEqual(
    router.resourcesForPath('/x', 2).map((r) => r.path),
    ['/x', '/{a}'],
  );
});

test('REST deepestPrefix: the longest existing resource chain', () => {
  const router = new RestRouter([
    res('/'),
    res('/users'),
    res('/users/{userId}', 'GET'),
    res('/users/me', 'PATCH'),
    res('/users/me/settings', 'GET'),
  ]);
  const cases: { path: string; expect: string; why: string }[] = [
    { path: '/users/me/extra', expect: '/users/me', why: 'literal me exists, extra does not' },
    { path: '/users/42/x', expect: '/users/{userId}', why: 'falls to the {param} child' },
    { path: '/orders/1', expect: '/', why: 'nothing below the root' },
    { path: '/users/me/settings', expect: '/users/me/settings', why: 'the whole path exists' },
  ];
  for (const c of cases) assert.equal(router.deepestPrefix(c.path), c.expect, c.why);
});

// ---- HTTP API priority (DOCUMENTED table, http-api-develop-routes) ----
function route(routeKey: string): HttpRouteConfig {
  return { routeKey, authorizationType: 'NONE', apiKeyRequired: false };
}

const DOC_ROUTES = [
  'GET /pets/dog/1',
  'GET /pets/dog/{id}',
  'GET /pets/{proxy+}',
  'ANY /{proxy+}',
  '$default',
].map(route);

interface HttpCase {
  routes: HttpRouteConfig[];
  verb: string;
  path: string;
  expect: string | null;
  params?: Record<string, string>;
  why: string;
}

const NO_DEFAULT = DOC_ROUTES.filter((r) => r.routeKey !== '$default');

const httpCases: HttpCase[] = [
  {
    routes: DOC_ROUTES,
    verb: 'GET',
    path: '/pets/dog/1',
    expect: 'GET /pets/dog/1',
    params: {},
    why: 'documented: full match',
  },
  {
    routes: DOC_ROUTES,
    verb: 'GET',
    path: '/pets/dog/2',
    expect: 'GET /pets/dog/{id}',
    params: { id: '2' },
    why: 'documented',
  },
  {
    routes: DOC_ROUTES,
    verb: 'GET',
    path: '/pets/cat/1',
    expect: 'GET /pets/{proxy+}',
    params: { proxy: 'cat/1' },
    why: 'documented',
  },
  {
    routes: DOC_ROUTES,
    verb: 'POST',
    path: '/test/5',
    expect: 'ANY /{proxy+}',
    params: { proxy: 'test/5' },
    why: 'documented: greedy beats $default',
  },
  {
    routes: DOC_ROUTES,
    verb: 'GET',
    path: '/',
    expect: '$default',
    params: {},
    why: 'documented: greedy needs a segment, so $default',
  },
  {
    routes: NO_DEFAULT,
    verb: 'GET',
    path: '/',
    expect: null,
    why: 'documented: no route and no $default → 404 Not Found',
  },
  {
    routes: NO_DEFAULT,
    verb: 'POST',
    path: '/pets/dog/1',
    expect: 'ANY /{proxy+}',
    params: { proxy: 'pets/dog/1' },
    why: 'documented: method must match too',
  },
  {
    routes: [route('GET /pets'), route('ANY /pets')],
    verb: 'GET',
    path: '/pets',
    expect: 'GET /pets',
    why: 'documented: route and method full match first',
  },
  {
    routes: [route('GET /pets'), route('ANY /pets')],
    verb: 'DELETE',
    path: '/pets',
    expect: 'ANY /pets',
    why: 'documented: ANY otherwise',
  },
  {
    routes: [route('GET /{proxy+}')],
    verb: 'GET',
    path: '/a%2Bb',
    expect: 'GET /{proxy+}',
    params: { proxy: 'a+b' },
    why: 'documented: HTTP APIs decode parameters',
  },
];

for (const c of httpCases) {
  test(`HTTP ${c.verb} ${c.path} [${c.routes.map((r) => r.routeKey).join(' | ')}] → ${c.expect ?? 'miss'}`, () => {
    const m = new HttpRouter(c.routes).match(c.verb, c.path);
    assert.equal(m ? m.route.routeKey : null, c.expect, c.why);
    if (m && c.params) assert.deepEqual(m.pathParameters, c.params, c.why);
  });
}

test('HTTP routesForPath lists routes whose path matches, whatever their method', () => {
  const router = new HttpRouter(DOC_ROUTES);
  assert.deepEqual(
    router.routesForPath('/pets/dog/1').map((r) => r.routeKey),
    ['GET /pets/dog/1', 'GET /pets/dog/{id}', 'GET /pets/{proxy+}', 'ANY /{proxy+}'],
  );
  assert.deepEqual(
    router.routesForPath('/').map((r) => r.routeKey),
    [],
  );
});

// ---- Hostile inputs: must complete ----
// A synchronous hang cannot be caught by node:test's timeout, so each case runs in a worker thread
// and the test awaits it: `the timeout is then a real hang detector (timings are never
// asserted). Each body is self-contained (it is sent to the worker as source) and returns plain data.

interface Routers {
  RestRouter: typeof RestRouter;
  HttpRouter: typeof HttpRouter;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
Promise.all([import(workerData.rest), import(workerData.http)])
  .then(([rest, http]) => {
    const body = (0, eval)('(' + workerData.body + ')');
    parentPort.postMessage({ value: body({ RestRouter: rest.RestRouter, HttpRouter: http.HttpRouter }) });
  })
  .catch((e) => parentPort.postMessage({ error: String((e && e.stack) || e) }));
`;

function offThread<T>(t: TestContext, body: (r: Routers) => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        rest: new URL('../src/simulate/router/rest-router.js', import.meta.url).href,
        http: new URL('../src/simulate/router/http-router.js', import.meta.url).href,
        body: body.toString(),
      },
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    worker.unref();
    t.signal.addEventListener('abort', () => void worker.terminate());
    worker.once('message', (m: { value?: T; error?: string }) => {
      void worker.terminate();
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m.value as T);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with code ${code} before answering`)));
  });
}

// Generous: a hang detector on a loaded 2-core CI machine, not a speed target (that is `npm run bench`).
const HANG = { timeout: 60_000 };

test('hostile: a 1 MB path of many segments', HANG, async (t) => {
  const out = await offThread(t, ({ RestRouter, HttpRouter }) => {
    const m = (verb: string): MethodConfig => ({
      httpMethod: verb,
      authorizationType: 'NONE',
      apiKeyRequired: false,
    });
    const path = '/' + 'a/'.repeat(512 * 1024);
    const base: ResourceConfig[] = [
      { path: '/', methods: {} },
      { path: '/a', methods: { GET: m('GET') } },
      { path: '/a/{x}', methods: { GET: m('GET') } },
    ];
    const greedy = new RestRouter([...base, { path: '/{proxy+}', methods: { ANY: m('ANY') } }]).match(
      'GET',
      path,
    );
    const plain = new RestRouter(base);
    const http = new HttpRouter(
      ['GET /a/{x}', 'ANY /{proxy+}'].map((routeKey) => ({
        routeKey,
        authorizationType: 'NONE',
        apiKeyRequired: false,
      })),
    );
    return {
      greedy: greedy?.resource.path,
      proxyLength: greedy?.pathParameters.proxy?.length,
      plain: plain.match('GET', path) ?? null,
      samePath: plain.resourcesForPath(path).length,
      deepest: plain.deepestPrefix(path),
      http: http.match('GET', path)?.route.routeKey,
    };
  });
  assert.deepEqual(out, {
    greedy: '/{proxy+}',
    proxyLength: 512 * 1024 * 2 - 1, // the trailing slash is dropped, as recorded
    plain: null,
    samePath: 0,
    deepest: '/a/{x}',
    http: 'ANY /{proxy+}',
  });
});

test('hostile: a 1 MB single segment', HANG, async (t) => {
  const out = await offThread(t, ({ RestRouter, HttpRouter }) => {
    const path = '/' + 'b'.repeat(1024 * 1024);
    const rest = new RestRouter([
      { path: '/', methods: {} },
      {
        path: '/{id}',
        methods: { GET: { httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false } },
      },
    ]);
    const http = new HttpRouter([
      { routeKey: 'GET /{id}', authorizationType: 'NONE', apiKeyRequired: false },
    ]);
    return {
      rest: rest.match('GET', path)?.pathParameters.id?.length,
      http: http.match('GET', path)?.pathParameters.id?.length,
    };
  });
  assert.deepEqual(out, { rest: 1024 * 1024, http: 1024 * 1024 });
});

test('hostile: a 10,000-resource API', HANG, async (t) => {
  const out = await offThread(t, ({ RestRouter, HttpRouter }) => {
    const get = { GET: { httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false } };
    const tree: ResourceConfig[] = [
      { path: '/', methods: {} },
      { path: '/items', methods: {} },
      { path: '/items/{id}', methods: get },
    ];
    for (let i = 0; i < 10_000; i++) tree.push({ path: `/items/{id}/r${i}`, methods: get });
    const rest = new RestRouter(tree);
    const http = new HttpRouter(
      tree.map((r) => ({ routeKey: `GET ${r.path}`, authorizationType: 'NONE', apiKeyRequired: false })),
    );
    const hit = rest.match('GET', '/items/7/r9999');
    return {
      hit: hit?.resource.path,
      params: hit?.pathParameters,
      beyond: rest.match('GET', '/items/7/r10000') ?? null,
      wrongVerb: rest.match('POST', '/items/7/r5') ?? null,
      http: http.match('GET', '/items/7/r9999')?.route.routeKey,
      httpMiss: http.match('GET', '/items/7/r10000') ?? null,
    };
  });
  assert.deepEqual(out, {
    hit: '/items/{id}/r9999',
    params: { id: '7' },
    beyond: null,
    wrongVerb: null,
    http: 'GET /items/{id}/r9999',
    httpMiss: null,
  });
});

test('hostile: a chain of 5,000 nested resources', HANG, async (t) => {
  const out = await offThread(t, ({ RestRouter }) => {
    const m = (verb: string): Record<string, MethodConfig> => ({
      [verb]: { httpMethod: verb, authorizationType: 'NONE', apiKeyRequired: false },
    });
    const tree: ResourceConfig[] = [{ path: '/', methods: {} }];
    let path = '';
    for (let i = 0; i < 5_000; i++) {
      path += `/n${i}`;
      tree.push({ path, methods: m(i === 4_999 ? 'GET' : 'OPTIONS') });
    }
    const router = new RestRouter(tree);
    return {
      hit: router.match('GET', path)?.resource.path === path,
      wrongVerb: router.match('POST', path) ?? null,
      deeper: router.match('GET', path + '/more') ?? null,
      deepest: router.deepestPrefix(path + '/more') === path,
    };
  });
  assert.deepEqual(out, { hit: true, wrongVerb: null, deeper: null, deepest: true });
});

test('hostile: a literal and a {param} at each of 40 levels, deepest level fails', HANG, async (t) => {
  // Every node of the literal chain /a/a/…/a has both a literal `a` child and a `{pN}` child, and each
  // {pN} branch continues with literal `a`s down to level 40. Only OPTIONS exists anywhere, so a GET
  // fails at the deepest level of every branch and the walk backtracks through all 40 levels.
  const out = await offThread(t, ({ RestRouter }) => {
    const options = { OPTIONS: { httpMethod: 'OPTIONS', authorizationType: 'NONE', apiKeyRequired: false } };
    const depth = 40;
    const tree: ResourceConfig[] = [{ path: '/', methods: {} }];
    for (let level = 1; level <= depth; level++) {
      const above = '/a'.repeat(level - 1);
      tree.push({ path: `${above}/a`, methods: options });
      let branch = `${above}/{p${level}}`;
      tree.push({ path: branch, methods: options });
      for (let below = level + 1; below <= depth; below++)
        tree.push({ path: (branch += '/a'), methods: options });
    }
    const router = new RestRouter(tree);
    const full = '/a'.repeat(depth);
    const viaParam = router.match('OPTIONS', '/a'.repeat(depth - 1) + '/zz');
    return {
      get: router.match('GET', full) ?? null,
      getDeeper: router.match('GET', full + '/a') ?? null,
      literalFirst: router.match('OPTIONS', full)?.resource.path === full,
      viaParam: viaParam?.resource.path === '/a'.repeat(depth - 1) + `/{p${depth}}`,
      viaParamValue: viaParam?.pathParameters,
      firstLevel:
        router.match('OPTIONS', '/zz' + '/a'.repeat(depth - 1))?.resource.path ===
        '/{p1}' + '/a'.repeat(depth - 1),
      templates: router.resourcesForPath(full, 1_000).length,
    };
  });
  assert.deepEqual(out, {
    get: null,
    getDeeper: null,
    literalFirst: true,
    viaParam: true,
    viaParamValue: { p40: 'zz' },
    firstLevel: true,
    templates: 41, // the literal chain and one {pN} branch per level
  });
});

test(
  'hostile: a 1 MB path against 5,000 nested resources with a {proxy+} under each',
  {
    ...HANG,
  },
  async (t) => {
    const out = await offThread(t, ({ RestRouter }) => {
      const options = {
        OPTIONS: { httpMethod: 'OPTIONS', authorizationType: 'NONE', apiKeyRequired: false },
      };
      const tree: ResourceConfig[] = [{ path: '/', methods: {} }];
      let chain = '';
      for (let i = 0; i < 5_000; i++) {
        chain += '/s';
        tree.push({ path: chain, methods: {} }, { path: `${chain}/{proxy+}`, methods: options });
      }
      const router = new RestRouter(tree);
      const path = chain + '/x'.repeat(512 * 1024);
      const greedy = router.match('OPTIONS', path);
      return {
        get: router.match('GET', path) ?? null,
        deepestGreedy: greedy?.resource.path === `${chain}/{proxy+}`,
      };
    });
    assert.deepEqual(out, { get: null, deepestGreedy: true });
  },
);
