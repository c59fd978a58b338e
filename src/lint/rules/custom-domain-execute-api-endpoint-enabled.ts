import type { LintFinding, LintRule } from '../types.js';
import { apiOf, cfnProperty, DOCS, report } from './helpers.js';

export const customDomainExecuteApiEndpointEnabled: LintRule = {
  id: 'custom-domain-execute-api-endpoint-enabled',
  title: 'Custom domain in use while the default execute-api endpoint stays enabled',
  severity: 'warning',
  why: 'When clients are meant to reach an API through its custom domain, the default https://{api-id}.execute-api.{region}.amazonaws.com endpoint stays open unless DisableExecuteApiEndpoint is true: it bypasses what the domain adds (mutual TLS, base-path routing, WAF or CloudFront in front) and keeps a second URL in circulation, which is also how stage-path confusion ("Missing Authentication Token" on the wrong URL) starts. For REST APIs the setting takes effect on the next stage update or deployment; for HTTP APIs immediately with auto-deploy (https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-disable-default-endpoint.html, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-disable-default-endpoint.html). Private APIs are not flagged: they are reachable only through VPC endpoints.',
  docs: [DOCS.disableRest, DOCS.disableHttp],
  check(model) {
    const findings: LintFinding[] = [];
    const seen = new Set<string>();
    for (const use of model.domainUses) {
      const api = apiOf(model, use.apiKey);
      if (!api || seen.has(api.key) || api.disableExecuteApiEndpoint !== false) continue;
      if (api.endpointTypes === 'unknown' || api.endpointTypes.includes('PRIVATE')) continue;
      seen.add(api.key);
      const fix =
        api.framework === 'terraform'
          ? {
              summary: `Disable the default endpoint of ${api.key}.`,
              code: '  disable_execute_api_endpoint = true',
            }
          : api.framework === 'serverless'
            ? {
                summary: 'Disable the default endpoint of the API the Serverless Framework creates.',
                code:
                  api.kind === 'http'
                    ? 'provider:\n  httpApi:\n    disableDefaultEndpoint: true'
                    : 'provider:\n  apiGateway:\n    disableDefaultEndpoint: true',
              }
            : {
                summary: `Set DisableExecuteApiEndpoint on ${api.key}${api.kind === 'rest' ? ' (then update or redeploy the stage for it to take effect)' : ''}.`,
                code: cfnProperty(api.syntax, 'DisableExecuteApiEndpoint', true),
              };
      findings.push(
        report(
          this,
          api,
          `${api.key} is served on a custom domain (through ${use.via}, line ${use.line}) but its default execute-api endpoint is still enabled.`,
          fix,
        ),
      );
    }
    return findings;
  },
};
