import type { AwsCredentialIdentity } from '@smithy/types';

/**
 * Signs a probe with SigV4 for service execute-api, the way awscurl and curl --aws-sigv4 do, so an
 * AWS_IAM method can be tested. The credentials never leave this function's result headers.
 */
export async function signedHeaders(options: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  region: string;
  credentials: AwsCredentialIdentity;
}): Promise<Record<string, string>> {
  const [{ SignatureV4 }, { Hash }, { HttpRequest }] = await Promise.all([
    import('@smithy/signature-v4'),
    import('@smithy/hash-node'),
    import('@smithy/protocol-http'),
  ]);
  const url = new URL(options.url);
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => (query[key] = value));
  const request = new HttpRequest({
    method: options.method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query,
    headers: { ...options.headers, host: url.host },
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
  const signer = new SignatureV4({
    service: 'execute-api',
    region: options.region,
    credentials: options.credentials,
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(request);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) out[name.toLowerCase()] = String(value);
  delete out.host;
  return out;
}
