/**
 * Invoke URL forms (shared/reference/gateway-behavior.md §1): what the host names, and which part of
 * the path is left for the stage. Host patterns are fixed expressions over a DNS name (≤ 253 chars),
 * never built from user text.
 */

export type Endpoint =
  | {
      kind: 'execute-api';
      apiId: string;
      region?: string;
      /** `{api}-{vpce}.execute-api…`: the Route 53 alias form of a private API. */
      vpceId?: string;
      flavor: 'aws' | 'localstack-host' | 'localstack-path';
      /** The path that follows the host (for LocalStack's path form, the part after `_user_request_`). */
      path: string;
    }
  | {
      kind: 'vpce-dns';
      vpceDns: string;
      region: string;
      /** The API the request names through `Host` or `x-apigw-api-id`, if any. */
      apiId?: string;
      apiIdFrom?: 'host-header' | 'x-apigw-api-id';
      path: string;
    }
  | { kind: 'custom-domain'; host: string; path: string }
  | { kind: 'aws-service'; service: string; description: string; region?: string; path: string };

export class UrlError extends Error {
  override name = 'UrlError';
}

export interface ParsedUrl {
  scheme: string;
  host: string;
  port: string;
  path: string;
  query: string;
}

const MAX_HOST = 253;

export function parseUrl(raw: string): ParsedUrl {
  let text = raw.trim();
  if (!text) throw new UrlError('the URL is empty');
  if (text.startsWith('/'))
    throw new UrlError(
      `the URL has no host: ${JSON.stringify(text.length > 200 ? text.slice(0, 200) + '…' : text)}`,
    );
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UrlError(
      `not a valid URL: ${JSON.stringify(raw.length > 200 ? raw.slice(0, 200) + '…' : raw)}`,
    );
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  if (!['http', 'https', 'ws', 'wss'].includes(scheme)) {
    throw new UrlError(`unsupported URL scheme "${scheme}:" (expected https://, http://, wss:// or ws://)`);
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (!host) throw new UrlError('the URL has no host');
  if (host.length > MAX_HOST)
    throw new UrlError('the URL host is longer than a DNS name can be (253 characters)');
  // Keep the path as sent (URL normalises only what a client would too: dot segments, not %-escapes).
  const afterHost = text.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const withoutFragment = afterHost.split('#', 1)[0] ?? '';
  const q = withoutFragment.indexOf('?');
  const path = (q >= 0 ? withoutFragment.slice(0, q) : withoutFragment) || '/';
  const query = q >= 0 ? withoutFragment.slice(q + 1) : '';
  return { scheme, host, port: url.port, path: path.startsWith('/') ? path : `/${path}`, query };
}

const EXECUTE_API = /^([a-z0-9]+)(?:-(vpce-[a-z0-9]+))?\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
const VPCE_DNS = /^(vpce-[a-z0-9-]+)\.execute-api\.([a-z0-9-]+)\.vpce\.amazonaws\.com$/;
const LOCALSTACK_HOST = /^([a-z0-9]+)\.execute-api\.localhost\.localstack\.cloud$/;
const LAMBDA_URL = /^[a-z0-9]+\.lambda-url\.([a-z0-9-]+)\.on\.aws$/;
const MANAGEMENT = /^apigateway\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
const BARE_EXECUTE_API = /^execute-api\.([a-z0-9-]+)\.amazonaws\.com$/;
const ELB = /\.elb\.([a-z0-9-]+\.)?amazonaws\.com$/;
const S3 = /(^|\.)s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/;
const AWS_SERVICE = /^([a-z0-9-]+)\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', 'localhost.localstack.cloud', '::1', '[::1]']);

/** Classifies a URL's host. `headers` are the request headers, lower-cased. */
export function classifyEndpoint(url: ParsedUrl, headers: Record<string, string>): Endpoint {
  const { host, path } = url;
  let m = EXECUTE_API.exec(host);
  if (m) {
    const endpoint: Endpoint = { kind: 'execute-api', apiId: m[1]!, region: m[3]!, flavor: 'aws', path };
    if (m[2]) endpoint.vpceId = m[2];
    return endpoint;
  }
  m = VPCE_DNS.exec(host);
  if (m) {
    const endpoint: Endpoint = { kind: 'vpce-dns', vpceDns: m[1]!, region: m[2]!, path };
    const hostHeader = (headers.host ?? '').toLowerCase().split(':')[0] ?? '';
    const viaHost = EXECUTE_API.exec(hostHeader);
    if (viaHost) {
      endpoint.apiId = viaHost[1]!;
      endpoint.apiIdFrom = 'host-header';
    } else if (headers['x-apigw-api-id']) {
      endpoint.apiId = headers['x-apigw-api-id'].trim().toLowerCase();
      endpoint.apiIdFrom = 'x-apigw-api-id';
    }
    return endpoint;
  }
  m = LOCALSTACK_HOST.exec(host);
  if (m) return { kind: 'execute-api', apiId: m[1]!, flavor: 'localstack-host', path };
  if (LOCAL_HOSTS.has(host)) {
    const ls = /^\/restapis\/([A-Za-z0-9]+)\/([^/]+)\/_user_request_(\/.*)?$/.exec(path);
    if (ls) {
      return {
        kind: 'execute-api',
        apiId: ls[1]!.toLowerCase(),
        flavor: 'localstack-path',
        path: `/${ls[2]}${ls[3] ?? '/'}`,
      };
    }
  }
  m = MANAGEMENT.exec(host);
  if (m) {
    return {
      kind: 'aws-service',
      service: 'apigateway-management',
      region: m[1]!,
      description: `the API Gateway management API of ${m[1]} (used to configure APIs, not to call them)`,
      path,
    };
  }
  m = BARE_EXECUTE_API.exec(host);
  if (m) {
    return {
      kind: 'aws-service',
      service: 'execute-api-no-id',
      region: m[1]!,
      description: `the execute-api domain of ${m[1]} without an API id in front of it`,
      path,
    };
  }
  m = LAMBDA_URL.exec(host);
  if (m) {
    return {
      kind: 'aws-service',
      service: 'lambda-function-url',
      region: m[1]!,
      description: `a Lambda function URL in ${m[1]} (served by Lambda, not API Gateway)`,
      path,
    };
  }
  if (host.includes('.execute-api.')) {
    return {
      kind: 'aws-service',
      service: 'execute-api-malformed',
      description:
        'an execute-api host name that does not have the form {api-id}.execute-api.{region}.amazonaws.com',
      path,
    };
  }
  if (ELB.test(host)) {
    return { kind: 'aws-service', service: 'elb', description: 'an Elastic Load Balancing endpoint', path };
  }
  if (S3.test(host)) {
    return { kind: 'aws-service', service: 's3', description: 'an Amazon S3 endpoint', path };
  }
  m = AWS_SERVICE.exec(host);
  if (m) {
    const endpoint: Endpoint = {
      kind: 'aws-service',
      service: m[1]!,
      description: `the ${m[1]} service endpoint in ${m[2]}`,
      path,
    };
    endpoint.region = m[2]!;
    return endpoint;
  }
  return { kind: 'custom-domain', host, path };
}

export function executeApiHost(apiId: string, region: string | undefined): string {
  return `${apiId}.execute-api.${region ?? '{region}'}.amazonaws.com`;
}
