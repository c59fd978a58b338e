// Writes the CloudTrail and API Gateway log samples of test/fixtures/evidence/ in the shapes AWS documents
// (see test/fixtures/evidence/README.md for the pages). Deterministic: run it again, get the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const PLANTED = {
  apiKey: 'PLANTEDapikey0123456789abcdefghij',
  password: 'PLANTEDpassw0rd!',
  sessionToken: 'IQoJb3JpZ2luX2VjEPLANTEDsessiontoken0123456789abcdefghijklmnop',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const API = 'a1b2c3d4e5';
const ACCOUNT = '123456789012';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const clfTime = (ms) => {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
};
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const uuid = () => {
  const h = () => Math.floor(random() * 16).toString(16);
  return `${Array.from({ length: 8 }, h).join('')}-${Array.from({ length: 4 }, h).join('')}-4${Array.from({ length: 3 }, h).join('')}-a${Array.from({ length: 3 }, h).join('')}-${Array.from({ length: 12 }, h).join('')}`;
};

/** The access-log records: 412 calls to an undeployed route, successes, API key and integration failures. */
export function accessRecords() {
  const start = Date.UTC(2026, 10, 28, 10, 0, 0);
  const records = [];
  const add = (minute, r) =>
    records.push({ at: start + minute * 60_000 + Math.floor(random() * 59_000), ...r });
  for (let i = 0; i < 412; i++)
    add(2 + (38 * i) / 411, {
      method: 'POST',
      path: '/prod/reviews',
      resourcePath: '-',
      status: 403,
      responseType: 'MISSING_AUTHENTICATION_TOKEN',
      message: 'Missing Authentication Token',
    });
  for (let i = 0; i < 50; i++)
    add(i, {
      method: 'GET',
      path: `/prod/products/${100 + i}`,
      resourcePath: '/products/{productId}',
      status: 200,
      integrationStatus: 200,
    });
  for (let i = 0; i < 7; i++)
    add(15 + i, {
      method: 'GET',
      path: '/prod/inventory',
      resourcePath: '/inventory',
      status: 403,
      responseType: 'INVALID_API_KEY',
      message: 'Forbidden',
      apiKey: PLANTED.apiKey,
    });
  for (let i = 0; i < 3; i++)
    add(30 + i, {
      method: 'GET',
      path: '/prod/products/7',
      resourcePath: '/products/{productId}',
      status: 502,
      responseType: 'INTEGRATION_FAILURE',
      message: 'Internal server error',
      integrationStatus: 500,
      integrationError: 'Lambda function failed',
    });
  return records.sort((a, b) => a.at - b.at);
}

function jsonRecord(r) {
  // The documented JSON example format, plus the $context error and integration fields users add.
  return JSON.stringify({
    requestId: uuid(),
    ip: '203.0.113.10',
    caller: '-',
    user: '-',
    requestTime: clfTime(r.at),
    httpMethod: r.method,
    resourcePath: r.resourcePath,
    path: r.path,
    status: String(r.status),
    protocol: 'HTTP/1.1',
    responseLength: '42',
    domainName: `${API}.execute-api.eu-west-1.amazonaws.com`,
    stage: 'prod',
    apiId: API,
    apiKey: r.apiKey ?? '-',
    error: { message: r.message ?? '-', responseType: r.responseType ?? '-' },
    integration: {
      status: r.integrationStatus ? String(r.integrationStatus) : '-',
      error: r.integrationError ?? '-',
    },
  });
}

function clfRecord(r) {
  return `203.0.113.10 - - [${clfTime(r.at)}] "${r.method} ${r.path} HTTP/1.1" ${r.status} 42 ${uuid()}`;
}

function trailEvent(minute, eventName, extra = {}) {
  const time = new Date(Date.UTC(2026, 10, 28, 9, 0, 0) + minute * 60_000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEID:ci',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deployer/ci`,
      accountId: ACCOUNT,
      accessKeyId: 'ASIAEXAMPLEKEYID0001',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLEID',
          arn: `arn:aws:iam::${ACCOUNT}:role/ci-deployer`,
          accountId: ACCOUNT,
          userName: 'ci-deployer',
        },
        attributes: { creationDate: time, mfaAuthenticated: 'false' },
      },
    },
    eventTime: time,
    eventSource: 'apigateway.amazonaws.com',
    eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.20',
    userAgent: 'aws-cli/2.9.19',
    requestParameters: { restApiId: API },
    responseElements: null,
    requestID: uuid(),
    eventID: uuid(),
    readOnly: /^(Get|List)/.test(eventName),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...extra,
  };
}

export function trailEvents() {
  return [
    trailEvent(1, 'PutMethod', {
      requestParameters: {
        restApiId: API,
        resourceId: 'r00006x',
        httpMethod: 'POST',
        authorizationType: 'NONE',
      },
    }),
    trailEvent(15, 'CreateDeployment', {
      requestParameters: { restApiId: API, stageName: 'prod', description: 'release 41' },
    }),
    trailEvent(20, 'UpdateStage', {
      requestParameters: {
        restApiId: API,
        stageName: 'prod',
        patchOperations: [{ op: 'replace', path: '/variables/dbPassword', value: PLANTED.password }],
      },
      errorCode: 'AccessDenied',
      errorMessage: `User: arn:aws:sts::${ACCOUNT}:assumed-role/ci-deployer/ci is not authorized to perform: apigateway:PATCH`,
    }),
    trailEvent(21, 'CreateApiKey', {
      requestParameters: { createApiKeyInput: { name: 'partner', enabled: true, apiKey: PLANTED.apiKey } },
    }),
    trailEvent(22, 'GetRestApis', {
      requestParameters: { limit: 500 },
      errorCode: 'TooManyRequestsException',
      errorMessage: 'Too Many Requests',
    }),
    {
      ...trailEvent(23, 'GetSessionToken'),
      eventSource: 'sts.amazonaws.com',
      responseElements: {
        credentials: {
          accessKeyId: 'ASIAEXAMPLEKEYID0002',
          sessionToken: PLANTED.sessionToken,
          secretAccessKey: PLANTED.secretAccessKey,
        },
      },
    },
  ];
}

export function writeSamples(root) {
  const trail = path.join(root, 'test/fixtures/evidence/cloudtrail-1.09');
  const logs = path.join(root, 'test/fixtures/evidence/apigateway-logs-2026');
  mkdirSync(trail, { recursive: true });
  mkdirSync(logs, { recursive: true });
  const events = trailEvents();
  // S3 delivery: {"Records":[…]} gzipped, one line.
  writeFileSync(
    path.join(trail, `${ACCOUNT}_CloudTrail_eu-west-1_20261128T0925Z_sample.json.gz`),
    gzipSync(JSON.stringify({ Records: events }), { mtime: 0 }),
  );
  writeFileSync(path.join(trail, 'event.json'), `${JSON.stringify(events[1], null, 2)}\n`);
  writeFileSync(
    path.join(trail, 'lookup-events.json'),
    `${JSON.stringify(
      {
        Events: events.map((e) => ({
          EventId: e.eventID,
          EventName: e.eventName,
          ReadOnly: String(e.readOnly),
          AccessKeyId: e.userIdentity.accessKeyId,
          EventTime: e.eventTime.replace('Z', '+00:00'),
          EventSource: e.eventSource,
          Username: 'ci',
          Resources: [],
          CloudTrailEvent: JSON.stringify(e),
        })),
      },
      null,
      4,
    )}\n`,
  );
  writeFileSync(
    path.join(trail, 'lake-results.json'),
    `${JSON.stringify(
      {
        QueryStatus: 'FINISHED',
        QueryStatistics: {
          ResultsCount: events.length,
          TotalResultsCount: events.length,
          BytesScanned: 12345,
        },
        QueryResultRows: events.map((e) => [
          { eventTime: e.eventTime.replace('T', ' ').replace('Z', '.000') },
          { eventSource: e.eventSource },
          { eventName: e.eventName },
          { 'userIdentity.arn': e.userIdentity.arn },
          { errorCode: e.errorCode ?? null },
          { requestParameters: JSON.stringify(e.requestParameters) },
        ]),
      },
      null,
      4,
    )}\n`,
  );
  const records = accessRecords();
  writeFileSync(path.join(logs, 'access-json.log'), records.map(jsonRecord).join('\n') + '\n');
  writeFileSync(path.join(logs, 'access-clf.log'), records.map(clfRecord).join('\n') + '\n');
  // `aws logs tail --format detailed` style: time, stream, message.
  writeFileSync(
    path.join(logs, 'cloudwatch-tail.log'),
    records
      .slice(0, 60)
      .map((r) => `${new Date(r.at).toISOString()} ${uuid().slice(0, 32)} ${jsonRecord(r)}`)
      .join('\n') + '\n',
  );
  writeFileSync(
    path.join(logs, 'filter-log-events.json'),
    `${JSON.stringify(
      {
        events: records.slice(0, 40).map((r) => ({
          logStreamName: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
          timestamp: r.at,
          message: jsonRecord(r),
          ingestionTime: r.at + 900,
          eventId: `${r.at}${Math.floor(random() * 1e9)}`,
        })),
        searchedLogStreams: [],
      },
      null,
      4,
    )}\n`,
  );
  // Execution log lines (set-up-logging.html shows this `(request-id) text` form).
  const exec = [];
  const t = (s) => new Date(Date.UTC(2026, 10, 28, 10, 31, s)).toISOString();
  const a = uuid();
  exec.push(
    `${t(0)} (${a}) Extended Request Id: oEX0uP9wDoEFabc=`,
    `${t(0)} (${a}) Verifying Usage Plan for request: ${a}. API Key: **********************************ghij API Stage: ${API}/prod`,
    `${t(0)} (${a}) API Key **********************************ghij not authorized because method 'GET /inventory' requires API Key and API Key is not associated with a Usage Plan for API Stage ${API}/prod: No Usage Plan found for key and API Stage`,
    `${t(0)} (${a}) Gateway response type: INVALID_API_KEY with status code: 403`,
    `${t(0)} (${a}) Method completed with status: 403`,
  );
  const b = uuid();
  exec.push(
    `${t(5)} (${b}) Extended Request Id: oEX0uP9wDoEFabd=`,
    `${t(5)} (${b}) Starting execution for request: ${b}`,
    `${t(5)} (${b}) HTTP Method: GET, Resource Path: /products/7`,
    `${t(5)} (${b}) Method request headers: {Authorization=****************************************************************abcd, x-api-key=*******ghij, Cookie=session=${PLANTED.password}}`,
    `${t(5)} (${b}) Endpoint request URI: https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:eu-west-1:${ACCOUNT}:function:shop-products/invocations`,
    `${t(6)} (${b}) Endpoint response status: 200`,
    `${t(6)} (${b}) Endpoint response body before transformations: {"errorMessage":"boom","errorType":"Error"}`,
    `${t(6)} (${b}) Execution failed due to configuration error: Malformed Lambda proxy response`,
    `${t(6)} (${b}) Method completed with status: 502`,
  );
  writeFileSync(path.join(logs, 'execution.log'), exec.join('\n') + '\n');
}
