import type { LintFinding, LintRule } from '../types.js';
import { describeRoute, DOCS, report } from './helpers.js';

export const methodAwsIamAuth: LintRule = {
  id: 'method-aws-iam-auth',
  title: 'Method requires AWS_IAM (SigV4) authorization',
  severity: 'info',
  why: 'A method with AWS_IAM authorization accepts only requests signed with Signature Version 4 by a principal allowed execute-api:Invoke. An unsigned request (a browser, curl without --aws-sigv4) gets 403 "Missing Authentication Token", the same answer as a path that does not exist, which is why this is worth knowing when that error appears (https://docs.aws.amazon.com/apigateway/latest/developerguide/permissions.html, https://repost.aws/knowledge-center/api-gateway-authentication-token-errors).',
  docs: [DOCS.iam, DOCS.matKnowledgeCenter],
  check(model) {
    const findings: LintFinding[] = [];
    for (const route of model.routes) {
      if (route.authorization !== 'AWS_IAM') continue;
      findings.push(
        report(
          this,
          { file: route.file, line: route.authLine },
          `${describeRoute(route)}${route.key ? ` (${route.key})` : ''} requires SigV4-signed requests: unsigned calls get 403 Missing Authentication Token.`,
          {
            summary:
              'Sign requests (e.g. curl --aws-sigv4 "aws:amz:REGION:execute-api" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"), or choose another authorizer if callers cannot sign.',
          },
        ),
      );
    }
    return findings;
  },
};
