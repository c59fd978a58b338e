import { emptyInventory } from '../../src/model/types.js';
import { ruleTester, SHOP } from '../rule-tester.js';

const refused = {
  method: 'GET',
  url: 'https://api.example.org/prod/x',
  status: null,
  headers: {},
  body: '',
  elapsedMs: 3,
  error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:443' },
};

ruleTester('network-error', {
  valid: [
    {
      why: 'an HTTP answer is not a network error',
      request: { method: 'GET', url: 'https://api.example.org/prod/x' },
      inventory: emptyInventory(),
      live: { ...refused, status: 403, error: undefined } as never,
    },
    {
      why: 'an unknown execute-api id that does not resolve is api-not-found',
      request: { method: 'GET', url: 'https://zzzzzzzzzz.execute-api.eu-west-1.amazonaws.com/prod/x' },
      inventory: emptyInventory(),
      live: { ...refused, error: { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND' } },
    },
    {
      why: 'a private API from outside its VPC is private-api-outside-vpc',
      request: { method: 'GET', url: 'https://i1n2t3e4r5.execute-api.eu-west-1.amazonaws.com/prod/health' },
      live: { ...refused, error: { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND' } },
    },
  ],
  invalid: [
    {
      why: 'connection refused on a host with no configuration',
      request: { method: 'GET', url: 'https://api.example.org/prod/x' },
      inventory: emptyInventory(),
      live: refused,
      expect: { title: /No answer from api\.example\.org: ECONNREFUSED/, explanation: /nothing listens/ },
    },
    {
      why: 'a TLS certificate that does not cover a custom domain',
      request: { method: 'GET', url: 'https://shop.example.net/orders' },
      inventory: emptyInventory(),
      live: {
        ...refused,
        error: {
          code: 'ERR_TLS_CERT_ALTNAME_INVALID',
          message: "Hostname/IP does not match certificate's altnames",
        },
      },
      expect: { explanation: /certificate does not cover this host name/ },
    },
  ],
});

void SHOP;
