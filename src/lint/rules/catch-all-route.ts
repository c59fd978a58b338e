import type { LintFinding, LintRule } from '../types.js';
import { describeRoute, DOCS, isGreedy, report } from './helpers.js';

export const catchAllRoute: LintRule = {
  id: 'catch-all-route',
  title: 'Catch-all route ({proxy+}, $default)',
  severity: 'info',
  why: "A greedy path variable ({proxy+}) matches every deeper path, and an HTTP API's $default route every request no other route matches; the integration then answers for paths that do not exist, so a typo in a URL no longer yields 403 Missing Authentication Token (REST) or 404 (HTTP) but whatever the backend says — and a REST greedy resource does not match its parent itself (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-set-up-simple-proxy.html, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html). A greedy resource with only an OPTIONS method (a CORS preflight catch-all) is not reported.",
  docs: [DOCS.proxy, DOCS.httpRoutes],
  check(model) {
    const findings: LintFinding[] = [];
    for (const route of model.routes) {
      const isDefault =
        route.method === '$default' || route.path === '$default' || route.path === '/$default';
      if (!isDefault && !(isGreedy(route.path) && route.method !== 'OPTIONS')) continue;
      findings.push(
        report(
          this,
          route,
          isDefault
            ? `${route.key ?? 'The $default route'} catches every request no other route matches: unknown paths reach the integration instead of failing at the gateway.`
            : `${describeRoute(route)}${route.key ? ` (${route.key})` : ''} catches every path below ${route.path!.replace(/\/\{[^}]+\+\}.*$/, '') || '/'}: unknown paths reach the integration, and the parent path itself is not matched by it.`,
          {
            summary:
              'Nothing to change if intended. When debugging, remember that a missing route will not show as Missing Authentication Token here; let the backend return a clear 404 for paths it does not serve.',
          },
        ),
      );
    }
    return findings;
  },
};
