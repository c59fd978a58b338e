/**
 * The checks a fleet scan runs, as the reports describe them: SARIF rule descriptors, the Markdown and
 * HTML "about this check" links. Severity stays with each finding (the engine decides it), so it is not here.
 */
export const FINDINGS_DOC_BASE = 'https://github.com/apigw-doctor/apigw-doctor/blob/main/docs/findings.md';
export const TOOL_URI = 'https://github.com/apigw-doctor/apigw-doctor';

export interface ScanCheck {
  id: string;
  /** A short sentence: what is wrong when the check fires. */
  title: string;
  /** What the check looks at. */
  checks: string;
}

export const SCAN_CHECKS: readonly ScanCheck[] = [
  {
    id: 'canary-route-mismatch',
    title: 'A canary deployment serves a different route set than the stage',
    checks:
      "Compares the routes of a stage's canary deployment with those of its main deployment; requests that hit a route present in only one answer intermittently.",
  },
  {
    id: 'execute-api-disable-pending',
    title: 'disableExecuteApiEndpoint is set but not yet in effect',
    checks:
      'An API whose default execute-api endpoint is disabled while a stage has not been redeployed since, so the endpoint still answers.',
  },
  {
    id: 'gateway-response-missing-authentication-token',
    title: 'The Missing Authentication Token gateway response is customised',
    checks:
      'A customised MISSING_AUTHENTICATION_TOKEN gateway response, which hides the message that tells a wrong path or an unsigned request apart.',
  },
  {
    id: 'mapping-target-missing',
    title: 'A custom domain mapping points at a missing API or stage',
    checks:
      'Base path and API mappings of every custom domain whose target API or stage does not exist; every request through them fails.',
  },
  {
    id: 'method-aws-iam-auth',
    title: 'Routes that require AWS_IAM (callers must sign with SigV4)',
    checks:
      'An inventory of routes whose authorization is AWS_IAM: unsigned calls to them answer Missing Authentication Token (REST) or Forbidden.',
  },
  {
    id: 'pending-changes',
    title: 'The stage serves an older version of the API',
    checks:
      "Routes added, removed or changed in the current configuration but not in the stage's deployment; for HTTP APIs, automatic deployment off and a deployment older than the last change.",
  },
  {
    id: 'private-endpoint-without-resource-policy',
    title: 'A private API has no resource policy',
    checks: 'PRIVATE REST APIs without a resource policy: no VPC endpoint is allowed to invoke them.',
  },
  {
    id: 'root-no-method',
    title: 'The root resource has no method beside /{proxy+}',
    checks:
      'REST APIs whose root resource has no method while a greedy /{proxy+} resource exists; /{proxy+} never matches the root.',
  },
  {
    id: 'stage-without-deployment',
    title: 'A stage has no deployment',
    checks: 'Stages with no deployment attached (and, for HTTP APIs, automatic deployment off).',
  },
];

const BY_ID = new Map(SCAN_CHECKS.map((c) => [c.id, c]));

export function scanCheck(id: string): ScanCheck | undefined {
  return BY_ID.get(id);
}

/** The page that explains a check (the anchor GitHub derives from the `## <id>` heading). */
export function checkDocUri(id: string): string {
  return `${FINDINGS_DOC_BASE}#${encodeURIComponent(id)}`;
}
