import { emptyInventory } from '../../src/model/types.js';
import { ruleTester, SHOP } from '../rule-tester.js';
import { backendAnswer, httpApiAnswer, matAnswer } from './inventory-builders.js';

const PRODUCTS = `${SHOP}/prod/products`;
const UNKNOWN = 'https://zz9yy8xx7w.execute-api.us-east-1.amazonaws.com/prod/things';

ruleTester('backend-error', {
  valid: [
    {
      why: "API Gateway's own Missing Authentication Token carries x-amzn-ErrorType (prediction-mismatch's case)",
      request: { method: 'GET', url: PRODUCTS },
      live: matAnswer(PRODUCTS),
    },
    {
      why: 'a success from the backend',
      request: { method: 'GET', url: PRODUCTS },
      live: backendAnswer(PRODUCTS, 200, '[{"id":42}]'),
    },
    {
      why: 'a predicted gateway refusal (a path that does not exist) answered by the gateway',
      request: { method: 'GET', url: `${SHOP}/prod/prodcuts` },
      live: matAnswer(`${SHOP}/prod/prodcuts`),
    },
    {
      why: "configuration unknown and the answer has an HTTP API's shape: it may be the gateway's own 404",
      request: { method: 'GET', url: UNKNOWN },
      inventory: emptyInventory(),
      live: httpApiAnswer(UNKNOWN, 404, '{"message":"Not Found"}'),
    },
  ],
  invalid: [
    {
      why: 'the Lambda behind GET /products itself answered 403 Missing Authentication Token (no x-amzn-ErrorType)',
      request: { method: 'GET', url: PRODUCTS },
      live: backendAnswer(PRODUCTS, 403, '{"message":"Missing Authentication Token"}'),
      expect: {
        severity: 'error',
        title: /^The backend itself returned "Missing Authentication Token"$/,
        explanation:
          /routed the request to GET \/products and passed it to the integration.*this 403 has none/,
        evidence: /no x-amzn-ErrorType header/,
        command: /^aws logs tail \/aws\/lambda\/shop-products --since 15m$/,
        absent: ['prediction-mismatch', 'ok', 'unexplained-missing-authentication-token'],
      },
    },
    {
      why: 'the backend answered 502 of its own',
      request: { method: 'GET', url: PRODUCTS },
      live: backendAnswer(PRODUCTS, 502, '{"error":"upstream timeout"}'),
      expect: {
        title: /^The backend answered 502$/,
        evidence: /body: \{"error":"upstream timeout"\}/,
        absent: ['ok'],
      },
    },
    {
      why: "configuration unknown: a REST-shaped error (x-amz-apigw-id) without x-amzn-ErrorType is the backend's",
      request: { method: 'GET', url: UNKNOWN },
      inventory: emptyInventory(),
      live: backendAnswer(UNKNOWN, 404, '{"error":"no such thing"}'),
      expect: { title: /^The backend answered 404$/, absent: ['unexplained-gateway-error'] },
    },
  ],
});
