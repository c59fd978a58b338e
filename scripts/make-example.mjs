// Writes examples/shop/snapshot.json: a realistic shop account with each classic mistake in it.
// Every leaf has the shape of the AWS CLI output it is named after (apigateway camelCase,
// apigatewayv2 PascalCase). Run: node scripts/make-example.mjs
import { writeFileSync } from 'node:fs';

const region = 'eu-west-1';
const account = '123456789012';
const fn = (name) =>
  `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${region}:${account}:function:${name}/invocations`;
const lambda = (name, httpMethod = 'POST') => ({
  type: 'AWS_PROXY',
  httpMethod,
  uri: fn(name),
  passthroughBehavior: 'WHEN_NO_MATCH',
  timeoutInMillis: 29000,
});

// ---- shop-api: the main REST API -----------------------------------------------------------
const shopId = 'a1b2c3d4e5';
let n = 0;
const rid = () => `r${(++n).toString(36).padStart(5, '0')}x`;
const ids = {};
const shopResources = [
  ['/', {}],
  ['/products', { GET: ['NONE', false, lambda('shop-products')] }],
  ['/products/{productId}', { GET: ['NONE', false, lambda('shop-products')] }],
  [
    '/orders',
    {
      GET: ['COGNITO_USER_POOLS', false, lambda('shop-orders')],
      POST: ['COGNITO_USER_POOLS', false, lambda('shop-orders')],
    },
  ],
  [
    '/orders/{orderId}',
    {
      GET: ['COGNITO_USER_POOLS', false, lambda('shop-orders')],
      DELETE: ['COGNITO_USER_POOLS', false, lambda('shop-orders')],
    },
  ],
  ['/checkout', { POST: ['NONE', false, lambda('shop-checkout')] }],
  ['/admin', {}],
  ['/admin/reports', { GET: ['AWS_IAM', false, lambda('shop-reports')] }],
  ['/inventory', { GET: ['NONE', true, lambda('shop-inventory')] }],
  [
    '/reviews',
    { POST: ['NONE', false, lambda('shop-reviews')], GET: ['NONE', false, lambda('shop-reviews')] },
  ],
  ['/legacy', {}],
  ['/legacy/{proxy+}', { ANY: ['NONE', false, lambda('shop-legacy', 'GET')] }],
];
const items = shopResources.map(([path, methods]) => {
  const id = path === '/' ? 'rootshop01' : rid();
  ids[path] = id;
  const parent = path === '/' ? undefined : path.slice(0, path.lastIndexOf('/')) || '/';
  const item = { id, path };
  if (parent) {
    item.parentId = ids[parent];
    item.pathPart = path.slice(path.lastIndexOf('/') + 1);
  }
  if (Object.keys(methods).length) {
    item.resourceMethods = Object.fromEntries(
      Object.entries(methods).map(([verb, [auth, key, integration]]) => [
        verb,
        {
          httpMethod: verb,
          authorizationType: auth,
          ...(auth === 'COGNITO_USER_POOLS' ? { authorizerId: 'cog4uth01', authorizationScopes: [] } : {}),
          apiKeyRequired: key,
          methodResponses: {},
          methodIntegration: {
            ...integration,
            cacheNamespace: id,
            cacheKeyParameters: [],
            integrationResponses: {},
          },
        },
      ]),
    );
  }
  return item;
});
const summaryOf = (filter) =>
  Object.fromEntries(
    items
      .filter((i) => i.resourceMethods && filter(i.path))
      .map((i) => [
        i.path,
        Object.fromEntries(
          Object.entries(i.resourceMethods).map(([v, m]) => [
            v,
            { authorizationType: m.authorizationType, apiKeyRequired: m.apiKeyRequired },
          ]),
        ),
      ]),
  );
// prod was deployed before /reviews existed; staging has everything.
const prodSummary = summaryOf((p) => p !== '/reviews');
const stagingSummary = summaryOf(() => true);

const exportFor = (stage, summary) => ({
  openapi: '3.0.1',
  info: { title: 'shop-api', version: '2026-11-20T09:15:00Z' },
  servers: [
    {
      url: `https://${shopId}.execute-api.${region}.amazonaws.com/{basePath}`,
      variables: { basePath: { default: stage } },
    },
  ],
  paths: Object.fromEntries(
    Object.entries(summary).map(([path, methods]) => [
      path,
      Object.fromEntries(
        Object.entries(methods).map(([verb, m]) => {
          const method = items.find((i) => i.path === path).resourceMethods[verb];
          const op = { responses: { 200: { description: '200 response' } } };
          if (m.authorizationType === 'AWS_IAM') op.security = [{ sigv4: [] }];
          if (m.authorizationType === 'COGNITO_USER_POOLS') op.security = [{ 'shop-users': [] }];
          if (m.apiKeyRequired) op.security = [...(op.security ?? [{}]).map((s) => ({ ...s, api_key: [] }))];
          const {
            cacheNamespace: _c,
            cacheKeyParameters: _k,
            integrationResponses: _r,
            ...integration
          } = method.methodIntegration;
          op['x-amazon-apigateway-integration'] = {
            ...integration,
            type: integration.type.toLowerCase(),
            passthroughBehavior: 'when_no_match',
          };
          return [verb === 'ANY' ? 'x-amazon-apigateway-any-method' : verb.toLowerCase(), op];
        }),
      ),
    ]),
  ),
  components: {
    securitySchemes: {
      sigv4: {
        type: 'apiKey',
        name: 'Authorization',
        in: 'header',
        'x-amazon-apigateway-authtype': 'awsSigv4',
      },
      api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' },
      'shop-users': {
        type: 'apiKey',
        name: 'Authorization',
        in: 'header',
        'x-amazon-apigateway-authtype': 'cognito_user_pools',
        'x-amazon-apigateway-authorizer': {
          type: 'cognito_user_pools',
          providerARNs: [`arn:aws:cognito-idp:${region}:${account}:userpool/${region}_Sh0pUs3rs`],
        },
      },
    },
  },
});

const shopApi = {
  restApi: {
    id: shopId,
    name: 'shop-api',
    description: 'Storefront API',
    createdDate: '2025-03-02T10:00:00+00:00',
    apiKeySource: 'HEADER',
    endpointConfiguration: { types: ['REGIONAL'], ipAddressType: 'ipv4' },
    disableExecuteApiEndpoint: false,
    rootResourceId: 'rootshop01',
    tags: { 'aws:cloudformation:stack-name': 'shop-prod' },
  },
  resources: { items },
  stages: {
    item: [
      {
        deploymentId: 'dprod0001',
        stageName: 'prod',
        cacheClusterEnabled: false,
        cacheClusterStatus: 'NOT_AVAILABLE',
        methodSettings: {},
        tracingEnabled: false,
        createdDate: '2025-03-02T10:05:00+00:00',
        lastUpdatedDate: '2026-11-20T09:15:00+00:00',
      },
      {
        deploymentId: 'dstag0002',
        stageName: 'staging',
        cacheClusterEnabled: false,
        cacheClusterStatus: 'NOT_AVAILABLE',
        methodSettings: {},
        tracingEnabled: false,
        createdDate: '2025-03-02T10:05:00+00:00',
        lastUpdatedDate: '2026-11-27T16:40:00+00:00',
      },
    ],
  },
  deployments: [
    {
      id: 'dprod0001',
      description: 'release 42',
      createdDate: '2026-11-20T09:15:00+00:00',
      apiSummary: prodSummary,
    },
    {
      id: 'dstag0002',
      description: 'reviews feature',
      createdDate: '2026-11-27T16:40:00+00:00',
      apiSummary: stagingSummary,
    },
  ],
  authorizers: {
    items: [
      {
        id: 'cog4uth01',
        name: 'shop-users',
        type: 'COGNITO_USER_POOLS',
        providerARNs: [`arn:aws:cognito-idp:${region}:${account}:userpool/${region}_Sh0pUs3rs`],
        authType: 'cognito_user_pools',
        identitySource: 'method.request.header.Authorization',
      },
    ],
  },
  exports: { prod: exportFor('prod', prodSummary), staging: exportFor('staging', stagingSummary) },
};

// ---- partner-api: edge API with only /{proxy+} and a customised Missing Authentication Token ---
const partnerId = 'p9q8r7s6t5';
const partnerApi = {
  restApi: {
    id: partnerId,
    name: 'partner-api',
    createdDate: '2024-06-11T08:00:00+00:00',
    apiKeySource: 'HEADER',
    endpointConfiguration: { types: ['EDGE'] },
    disableExecuteApiEndpoint: false,
    rootResourceId: 'rootpart01',
  },
  resources: {
    items: [
      { id: 'rootpart01', path: '/' },
      {
        id: 'prx0000001',
        parentId: 'rootpart01',
        pathPart: '{proxy+}',
        path: '/{proxy+}',
        resourceMethods: {
          ANY: {
            httpMethod: 'ANY',
            authorizationType: 'NONE',
            apiKeyRequired: false,
            methodIntegration: lambda('partner-gateway'),
          },
        },
      },
    ],
  },
  stages: {
    item: [
      {
        deploymentId: 'dpart0001',
        stageName: 'v1',
        lastUpdatedDate: '2026-01-10T12:00:00+00:00',
        methodSettings: {},
      },
    ],
  },
  deployments: [
    {
      id: 'dpart0001',
      createdDate: '2026-01-10T12:00:00+00:00',
      apiSummary: { '/{proxy+}': { ANY: { authorizationType: 'NONE', apiKeyRequired: false } } },
    },
  ],
  gatewayResponses: {
    items: [
      {
        responseType: 'MISSING_AUTHENTICATION_TOKEN',
        statusCode: '404',
        responseParameters: {},
        responseTemplates: {
          'application/json':
            '{"message":$context.error.messageString,"hint":"The HTTP method or resources may not be supported."}',
        },
        defaultResponse: false,
      },
      {
        responseType: 'DEFAULT_4XX',
        responseParameters: {},
        responseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
        defaultResponse: true,
      },
    ],
  },
};

// ---- internal-api: private API reachable only through one VPC endpoint ------------------------
const internalId = 'i1n2t3e4r5';
const vpce = 'vpce-0a1b2c3d4e5f60718';
const internalApi = {
  restApi: {
    id: internalId,
    name: 'internal-api',
    createdDate: '2025-09-01T08:00:00+00:00',
    apiKeySource: 'HEADER',
    endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [vpce] },
    disableExecuteApiEndpoint: false,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: `arn:aws:execute-api:${region}:${account}:${internalId}/*`,
          Condition: { StringEquals: { 'aws:SourceVpce': vpce } },
        },
      ],
    }).replace(/"/g, '\\"'),
  },
  resources: {
    items: [
      { id: 'rootint001', path: '/' },
      {
        id: 'hlth000001',
        parentId: 'rootint001',
        pathPart: 'health',
        path: '/health',
        resourceMethods: {
          GET: {
            httpMethod: 'GET',
            authorizationType: 'NONE',
            apiKeyRequired: false,
            methodIntegration: { type: 'MOCK' },
          },
        },
      },
    ],
  },
  stages: { item: [{ deploymentId: 'dint00001', stageName: 'prod', methodSettings: {} }] },
  deployments: [
    {
      id: 'dint00001',
      createdDate: '2025-09-01T08:10:00+00:00',
      apiSummary: { '/health': { GET: { authorizationType: 'NONE', apiKeyRequired: false } } },
    },
  ],
};

// ---- notifications: an HTTP API -------------------------------------------------------------
const httpId = 'h7t7p9a1b2';
const notifications = {
  api: {
    ApiEndpoint: `https://${httpId}.execute-api.${region}.amazonaws.com`,
    ApiId: httpId,
    ApiKeySelectionExpression: '$request.header.x-api-key',
    CreatedDate: '2025-05-05T10:00:00+00:00',
    DisableExecuteApiEndpoint: false,
    Name: 'notifications',
    ProtocolType: 'HTTP',
    RouteSelectionExpression: '$request.method $request.path',
  },
  routes: {
    Items: [
      {
        ApiKeyRequired: false,
        AuthorizationType: 'NONE',
        RouteId: 'rt00001',
        RouteKey: 'GET /notifications',
        Target: 'integrations/in00001',
      },
      {
        ApiKeyRequired: false,
        AuthorizationType: 'NONE',
        RouteId: 'rt00002',
        RouteKey: 'POST /notifications',
        Target: 'integrations/in00001',
      },
      {
        ApiKeyRequired: false,
        AuthorizationType: 'AWS_IAM',
        RouteId: 'rt00003',
        RouteKey: 'GET /admin/stats',
        Target: 'integrations/in00001',
      },
    ],
  },
  stages: {
    Items: [
      {
        StageName: '$default',
        AutoDeploy: true,
        DeploymentId: 'hdep0001',
        CreatedDate: '2025-05-05T10:00:00+00:00',
        LastUpdatedDate: '2026-10-01T10:00:00+00:00',
        DefaultRouteSettings: { DetailedMetricsEnabled: false },
        RouteSettings: {},
        StageVariables: {},
        Tags: {},
      },
    ],
  },
  deployments: {
    Items: [
      {
        AutoDeployed: true,
        CreatedDate: '2026-10-01T10:00:00+00:00',
        DeploymentId: 'hdep0001',
        DeploymentStatus: 'DEPLOYED',
      },
    ],
  },
  integrations: {
    Items: [
      {
        IntegrationId: 'in00001',
        IntegrationType: 'AWS_PROXY',
        IntegrationMethod: 'POST',
        IntegrationUri: `arn:aws:lambda:${region}:${account}:function:notifications`,
        PayloadFormatVersion: '2.0',
        TimeoutInMillis: 30000,
        ConnectionType: 'INTERNET',
      },
    ],
  },
  authorizers: { Items: [] },
};

const snapshot = {
  apigwDoctorSnapshot: 1,
  capturedAt: '2026-11-28T09:00:00Z',
  capturedBy: 'examples/shop (hand-assembled from AWS CLI output shapes)',
  accounts: [
    {
      accountId: account,
      regions: [
        {
          region,
          restApiList: {
            items: [shopApi, partnerApi, internalApi].map((a) => ({
              id: a.restApi.id,
              name: a.restApi.name,
              createdDate: a.restApi.createdDate,
              endpointConfiguration: a.restApi.endpointConfiguration,
            })),
          },
          httpApiList: { Items: [{ ApiId: httpId, Name: 'notifications', ProtocolType: 'HTTP' }] },
          restApis: [shopApi, partnerApi, internalApi],
          httpApis: [notifications],
          apiKeys: {
            items: [
              {
                id: 'key0000001',
                name: 'mobile-app',
                enabled: true,
                createdDate: '2025-03-02T10:00:00+00:00',
                stageKeys: [],
              },
            ],
          },
          usagePlans: {
            items: [
              {
                id: 'plan000001',
                name: 'mobile',
                apiStages: [{ apiId: shopId, stage: 'prod' }],
                throttle: { burstLimit: 100, rateLimit: 50 },
              },
            ],
          },
          domainNames: [
            {
              domainName: {
                domainName: 'api.shop.example.com',
                regionalDomainName: `d-abc123xyz0.execute-api.${region}.amazonaws.com`,
                regionalHostedZoneId: 'Z2FDTNDATAQYW2',
                endpointConfiguration: { types: ['REGIONAL'] },
                domainNameStatus: 'AVAILABLE',
                securityPolicy: 'TLS_1_2',
                routingMode: 'API_MAPPING_ONLY',
              },
              basePathMappings: {
                items: [
                  { basePath: '(none)', restApiId: shopId, stage: 'prod' },
                  { basePath: 'partners', restApiId: partnerId, stage: 'v1' },
                ],
              },
              apiMappings: {
                Items: [
                  { ApiId: shopId, ApiMappingId: 'map0001', ApiMappingKey: '', Stage: 'prod' },
                  { ApiId: partnerId, ApiMappingId: 'map0002', ApiMappingKey: 'partners', Stage: 'v1' },
                  { ApiId: httpId, ApiMappingId: 'map0003', ApiMappingKey: 'notify', Stage: '$default' },
                ],
              },
            },
            {
              domainName: {
                domainName: 'legacy.shop.example.com',
                regionalDomainName: `d-def456uvw1.execute-api.${region}.amazonaws.com`,
                endpointConfiguration: { types: ['REGIONAL'] },
                domainNameStatus: 'AVAILABLE',
                securityPolicy: 'TLS_1_2',
              },
              basePathMappings: { items: [{ basePath: 'v2', restApiId: shopId, stage: 'staging' }] },
            },
          ],
        },
      ],
    },
  ],
};

writeFileSync(
  new URL('../examples/shop/snapshot.json', import.meta.url),
  JSON.stringify(snapshot, null, 2) + '\n',
);
console.log('wrote examples/shop/snapshot.json');
