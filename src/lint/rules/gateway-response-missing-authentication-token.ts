import type { LintFinding, LintRule } from '../types.js';
import { DOCS, report } from './helpers.js';

export const gatewayResponseMissingAuthenticationToken: LintRule = {
  id: 'gateway-response-missing-authentication-token',
  title: 'Customised MISSING_AUTHENTICATION_TOKEN gateway response',
  severity: 'info',
  why: 'API Gateway answers a request for a method or resource that does not exist (or an unsigned request to an AWS_IAM method) with the MISSING_AUTHENTICATION_TOKEN gateway response, 403 {"message":"Missing Authentication Token"}. Changing its status code or body (or DEFAULT_4XX, which it inherits when not customised itself) hides that cause from whoever debugs a failing URL; the x-amzn-ErrorType header still says MissingAuthenticationTokenException (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html).',
  docs: [DOCS.gatewayResponses],
  check(model) {
    const findings: LintFinding[] = [];
    const customisedMat = new Set(
      model.gatewayResponses
        .filter((g) => g.type === 'MISSING_AUTHENTICATION_TOKEN')
        .map((g) => g.apiKey ?? ''),
    );
    for (const response of model.gatewayResponses) {
      const changesAnswer = response.statusCode !== null || response.hasTemplates;
      if (!changesAnswer) continue; // headers only (CORS): the status and message stay
      const isMat = response.type === 'MISSING_AUTHENTICATION_TOKEN';
      if (!isMat && !(response.type === 'DEFAULT_4XX' && !customisedMat.has(response.apiKey ?? ''))) continue;
      const changed = [
        response.statusCode !== null ? `status ${response.statusCode}` : '',
        response.hasTemplates ? 'a custom body' : '',
      ]
        .filter(Boolean)
        .join(' and ');
      findings.push(
        report(
          this,
          response,
          `${isMat ? 'MISSING_AUTHENTICATION_TOKEN' : 'DEFAULT_4XX (inherited by MISSING_AUTHENTICATION_TOKEN)'} is customised with ${changed}: a wrong path, method or stage, or an unsigned AWS_IAM call, no longer shows as 403 Missing Authentication Token.`,
          {
            summary:
              'Keep the default status and message (add headers such as CORS only), or include $context.error.responseType and $context.error.message in the body so the cause stays visible; check the x-amzn-ErrorType response header when debugging.',
          },
        ),
      );
    }
    return findings;
  },
};
