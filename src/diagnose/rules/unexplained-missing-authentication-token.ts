import { splitRequestPath } from '../../simulate/router/rest-router.js';
import { sh } from '../helpers.js';
import { describeLiveOrigin } from '../live-origin.js';
import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

export default defineRule({
  id: 'unexplained-missing-authentication-token',
  title: 'Missing Authentication Token from API Gateway, configuration not known',
  defaultSeverity: 'error',
  checks:
    "A live 403 MissingAuthenticationTokenException when the API's configuration is not in the inputs: what the answer and the URL alone allow, and how to get the rest.",
  sources: [DOCS.matKc],
  check({ sim, live, region, report }) {
    if (!live || sim.response || live.status !== 403) return;
    if (!(live.headers['x-amzn-errortype'] ?? '').startsWith('MissingAuthenticationTokenException')) return;
    const endpoint = sim.endpoint;
    const path =
      endpoint.kind === 'custom-domain' || endpoint.kind === 'execute-api' ? endpoint.path : sim.request.path;
    const segments = splitRequestPath(path);
    const hints: string[] = [];
    const apiId = endpoint.kind === 'execute-api' ? endpoint.apiId : undefined;
    if (endpoint.kind === 'execute-api') {
      const stage = segments[0];
      hints.push(
        `The stage "${stage}" exists: a wrong stage would have answered 403 Forbidden, not Missing Authentication Token.`,
      );
      if (segments.length <= 1)
        hints.push(
          'The URL is the stage root: the root resource needs its own method; /{proxy+} never matches it.',
        );
    } else if (endpoint.kind === 'custom-domain') {
      hints.push(
        'On a custom domain, do not put the stage in the path: the base path mapping chooses the stage.',
      );
    }
    if (/[A-Z]/.test(path)) hints.push('The path has upper-case letters: resource paths are case-sensitive.');
    if (sim.request.method === 'GET')
      hints.push('The request is a GET (a browser address bar sends only GET): is the method really GET?');
    if (sim.request.method === 'OPTIONS')
      hints.push('An OPTIONS request answered MAT: the resource has no OPTIONS method for CORS preflight.');
    hints.push('The route may exist in the console but not be deployed to this stage (Deploy API).');
    hints.push('The method may use AWS_IAM authorization: unsigned calls get this same answer.');
    const commands = apiId
      ? [
          `apigw-doctor snapshot --api ${apiId} --region ${region} --out snapshot.json && apigw-doctor diagnose ${sh(sim.request.url)} --snapshot snapshot.json`,
          `aws apigateway get-export --rest-api-id ${apiId} --stage-name ${segments[0] ?? '{stage}'} --export-type oas30 --parameters extensions=apigateway --region ${region} export.json && apigw-doctor diagnose ${sh(sim.request.url)} --openapi export.json`,
        ]
      : [`aws apigateway get-base-path-mappings --domain-name ${sim.request.host} --region ${region}`];
    report({
      title:
        'API Gateway answered Missing Authentication Token: no deployed route matches, or the method needs a signature',
      explanation:
        `The answer carries x-amzn-ErrorType: MissingAuthenticationTokenException, so API Gateway itself (not the backend) refused the request. Without the API's configuration the exact cause cannot be named; from the URL and the answer:\n` +
        hints.map((h) => `  • ${h}`).join('\n'),
      evidence: [
        `live: ${live.status} ${live.body.slice(0, 80)}`,
        `x-amzn-ErrorType: ${live.headers['x-amzn-errortype']}`,
        describeLiveOrigin(live),
      ],
      fix: {
        summary: 'Give the tool the configuration (a snapshot or the stage export) to name the exact cause',
        commands,
      },
      verify: [],
      basis: 'recorded',
    });
  },
});
