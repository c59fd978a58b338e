import { ruleTester, SHOP } from '../rule-tester.js';

ruleTester('not-an-api-endpoint', {
  valid: [
    { why: 'an execute-api invoke URL', request: { method: 'GET', url: `${SHOP}/prod/products` } },
    { why: 'a custom domain', request: { method: 'GET', url: 'https://api.shop.example.com/products' } },
    {
      why: "LocalStack's path form of an invoke URL",
      request: {
        method: 'GET',
        url: 'http://localhost:4566/restapis/a1b2c3d4e5/prod/_user_request_/products',
      },
    },
    {
      why: 'a VPC endpoint DNS name with x-apigw-api-id is an invoke URL too',
      request: {
        method: 'GET',
        url: 'https://vpce-0a1b2c3d4e5f60718-ab12cd34.execute-api.eu-west-1.vpce.amazonaws.com/prod/health',
        headers: { 'x-apigw-api-id': 'i1n2t3e4r5' },
      },
    },
  ],
  invalid: [
    {
      why: 'cases.json: "The management API instead of the invoke URL"',
      request: { method: 'GET', url: 'https://apigateway.eu-west-1.amazonaws.com/prod/products' },
      expect: {
        severity: 'error',
        title: /^apigateway\.eu-west-1\.amazonaws\.com is the API Gateway management API of eu-west-1/,
        explanation:
          /requires signed AWS requests: unsigned, it too answers 403 Missing Authentication Token/,
        evidence: /host: apigateway\.eu-west-1\.amazonaws\.com/,
        command: /^aws apigateway get-rest-apis --query 'items\[\]\.\[id,name\]' --region eu-west-1$/,
        correctedUrl: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/',
        absent: ['unexplained-missing-authentication-token', 'api-not-found'],
      },
    },
    {
      why: 'a Lambda function URL is not served by API Gateway',
      request: {
        method: 'GET',
        url: 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/products',
      },
      expect: {
        title: /is a Lambda function URL in eu-west-1 \(served by Lambda, not API Gateway\)$/,
        explanation: /configured on the function URL/,
      },
    },
    {
      why: 'the execute-api domain without an API id',
      request: { method: 'GET', url: 'https://execute-api.eu-west-1.amazonaws.com/prod/products' },
      expect: {
        title: /without an API id in front of it$/,
        correctedUrl: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/',
      },
    },
    {
      why: 'the management API of a region with no API in the inputs: list them there',
      request: { method: 'GET', url: 'https://apigateway.us-east-1.amazonaws.com/restapis' },
      expect: { title: /management API of us-east-1/, command: /get-rest-apis .*--region us-east-1$/ },
    },
  ],
});
