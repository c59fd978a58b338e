/** AWS pages the rules cite (shared/reference/gateway-behavior.md has the quotes). */
export const DOCS = {
  matKc: 'https://repost.aws/knowledge-center/api-gateway-authentication-token-errors',
  howToCall: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-call-api.html',
  deploy: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-deploy-api.html',
  methodRequest:
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html',
  gatewayResponses:
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html',
  customDomainKc: 'https://repost.aws/knowledge-center/api-gateway-403-custom-domain',
  mappings: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mappings.html',
  routingRules: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-routing-rules.html',
  privateInvoke:
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-test-invoke-url.html',
  vpcConnectionsKc: 'https://repost.aws/knowledge-center/api-gateway-vpc-connections',
  disableEndpoint:
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-disable-default-endpoint.html',
  sigv4Kc: 'https://repost.aws/knowledge-center/api-gateway-iam-sigv4-mismatch',
  apiKeys: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-key-source.html',
  forbiddenKc: 'https://repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden',
  cors: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html',
  httpRoutes: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html',
  httpStages: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html',
  lambdaProxy:
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html',
  resourcePolicies:
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies.html',
  authorizers:
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html',
  websocket:
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api.html',
  endpoints: 'https://docs.aws.amazon.com/general/latest/gr/apigateway.html',
  canary: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/canary-release.html',
} as const;
