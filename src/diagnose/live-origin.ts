import type { LiveAnswer } from '../probe/types.js';

/** Who answered, from the headers alone (REST vs HTTP API vs CloudFront vs something else). */
export function describeLiveOrigin(live: LiveAnswer): string {
  const h = live.headers;
  const parts: string[] = [];
  if (h['x-amz-apigw-id'] !== undefined || h['x-amzn-errortype'] !== undefined)
    parts.push('API Gateway, REST API (x-amz-apigw-id / x-amzn-ErrorType)');
  else if (h['apigw-requestid'] !== undefined) parts.push('API Gateway, HTTP API (apigw-requestid)');
  else if (h['x-amzn-requestid'] !== undefined)
    parts.push('an AWS service or API Gateway (x-amzn-RequestId only)');
  if (h['x-amz-cf-id'] !== undefined || /cloudfront/i.test(h.via ?? '')) {
    parts.push(
      `through CloudFront${/error from cloudfront/i.test(h['x-cache'] ?? '') ? ' (X-Cache: Error from cloudfront)' : ''} — an edge-optimized API or a distribution in front`,
    );
  }
  if (parts.length === 0)
    parts.push(`not recognisably API Gateway${h.server ? ` (Server: ${h.server})` : ''}`);
  return `answered by ${parts.join(', ')}`;
}
