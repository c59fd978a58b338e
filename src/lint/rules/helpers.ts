import type { IacApi, IacModel, IacRoute, LintFinding, LintFix, LintRule, Place, Syntax } from '../types.js';

export function report(rule: LintRule, place: Place, message: string, fix: LintFix | null): LintFinding {
  return { ruleId: rule.id, severity: rule.severity, file: place.file, line: place.line || 1, message, fix };
}

export function apiOf(model: IacModel, key: string | null): IacApi | undefined {
  return key === null ? undefined : model.apis.find((api) => api.key === key);
}

export function routesOf(model: IacModel, api: IacApi): IacRoute[] {
  return model.routes.filter((route) => route.apiKey === api.key);
}

/** A CloudFormation list property written in the file's own syntax. */
export function cfnList(syntax: Syntax, key: string, items: string[], indent = '    '): string {
  if (syntax === 'json') return `"${key}": [${items.map((i) => JSON.stringify(i)).join(', ')}]`;
  return `${indent}${key}:\n${items.map((i) => `${indent}  - ${i}`).join('\n')}`;
}

/** A CloudFormation property (scalar) written in the file's own syntax. */
export function cfnProperty(syntax: Syntax, key: string, value: string | boolean, indent = '      '): string {
  return syntax === 'json' ? `"${key}": ${JSON.stringify(value)}` : `${indent}${key}: ${String(value)}`;
}

export function describeRoute(route: IacRoute): string {
  if (route.method === '$default') return '$default';
  return `${route.method} ${route.path ?? '(unresolved path)'}`;
}

export function isGreedy(path: string | null): boolean {
  return path !== null && /\{[^}]+\+\}/.test(path);
}

export const DOCS = {
  deploy: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-deploy-api.html',
  cfnDeployment:
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-deployment.html',
  cfnStage:
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-stage.html',
  tfDeployment:
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_deployment',
  samApi:
    'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-api.html',
  httpStages: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html',
  cors: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html',
  corsImport:
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/enable-cors-for-resource-using-swagger-importer-tool.html',
  disableRest:
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-disable-default-endpoint.html',
  disableHttp:
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-disable-default-endpoint.html',
  privatePolicy:
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html',
  slsApiKeys:
    'https://www.serverless.com/framework/docs/providers/aws/events/apigateway#setting-api-keys-for-your-rest-api',
  iam: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/permissions.html',
  proxy: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-set-up-simple-proxy.html',
  httpRoutes: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html',
  gatewayResponses:
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html',
  matKnowledgeCenter: 'https://repost.aws/knowledge-center/api-gateway-authentication-token-errors',
} as const;
