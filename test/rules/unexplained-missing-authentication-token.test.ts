import { emptyInventory } from '../../src/model/types.js';
import { ruleTester, SHOP } from '../rule-tester.js';
import { backendAnswer, gatewayErrorAnswer, matAnswer } from './inventory-builders.js';

const URL = 'https://zz9yy8xx7w.execute-api.us-east-1.amazonaws.com/prod/Things';
const DOMAIN = 'https://api.unknown.example/v1/things';

ruleTester('unexplained-missing-authentication-token', {
  valid: [
    {
      why: 'the configuration explains it (resource-not-found)',
      request: { method: 'GET', url: `${SHOP}/prod/prodcuts` },
      live: matAnswer(`${SHOP}/prod/prodcuts`),
    },
    {
      why: "another API Gateway error is unexplained-gateway-error's",
      request: { method: 'GET', url: URL },
      inventory: emptyInventory(),
      live: gatewayErrorAnswer(URL, 403, 'ForbiddenException', '{"message":"Forbidden"}'),
    },
    {
      why: "the words without x-amzn-ErrorType are the backend's (backend-error)",
      request: { method: 'GET', url: URL },
      inventory: emptyInventory(),
      live: backendAnswer(URL, 403, '{"message":"Missing Authentication Token"}'),
    },
    { why: 'no probe', request: { method: 'GET', url: URL }, inventory: emptyInventory() },
  ],
  invalid: [
    {
      why: 'probe only: MAT from an execute-api URL with an upper-case path',
      request: { method: 'GET', url: URL },
      inventory: emptyInventory(),
      live: matAnswer(URL),
      expect: {
        severity: 'error',
        title:
          /^API Gateway answered Missing Authentication Token: no deployed route matches, or the method needs a signature$/,
        explanation:
          /The stage "prod" exists: a wrong stage would have answered 403 Forbidden[\s\S]*upper-case letters[\s\S]*is the method really GET\?[\s\S]*AWS_IAM/,
        evidence: /x-amzn-ErrorType: MissingAuthenticationTokenException/,
        command:
          /^apigw-doctor snapshot --api zz9yy8xx7w --region us-east-1 --out snapshot\.json && apigw-doctor diagnose https:\/\/zz9yy8xx7w\.execute-api\.us-east-1\.amazonaws\.com\/prod\/Things --snapshot snapshot\.json\naws apigateway get-export --rest-api-id zz9yy8xx7w --stage-name prod --export-type oas30 --parameters extensions=apigateway --region us-east-1 export\.json/,
        absent: ['backend-error', 'unexplained-gateway-error', 'not-in-inputs'],
      },
    },
    {
      why: 'the stage root',
      request: { method: 'POST', url: 'https://zz9yy8xx7w.execute-api.us-east-1.amazonaws.com/prod/' },
      inventory: emptyInventory(),
      live: matAnswer('https://zz9yy8xx7w.execute-api.us-east-1.amazonaws.com/prod/'),
      expect: { explanation: /The URL is the stage root: the root resource needs its own method/ },
    },
    {
      why: 'a custom domain: ask for its mappings',
      request: { method: 'OPTIONS', url: DOMAIN },
      inventory: emptyInventory(),
      live: matAnswer(DOMAIN),
      expect: {
        explanation: /do not put the stage in the path[\s\S]*no OPTIONS method for CORS preflight/,
        command: /^aws apigateway get-base-path-mappings --domain-name api\.unknown\.example --region /,
      },
    },
  ],
});
