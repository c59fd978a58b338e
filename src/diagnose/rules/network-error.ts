import { defineRule } from '../rule.js';
import { DOCS } from '../sources.js';

const MEANING: Record<string, string> = {
  ENOTFOUND:
    'the host name does not resolve (a typo in the host, a deleted API or domain, or a private name that resolves only inside a VPC)',
  EAI_AGAIN: 'DNS did not answer (no network, or a resolver problem)',
  ECONNREFUSED: 'nothing listens on that address and port',
  ECONNRESET: 'the connection was reset (a proxy, firewall or TLS mismatch)',
  ETIMEDOUT:
    'no answer before the timeout (a firewall, a security group or VPC endpoint policy that drops the traffic, or no route to the host)',
  CERT_HAS_EXPIRED: 'the TLS certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID:
    'the TLS certificate does not cover this host name (a custom domain whose certificate or DNS record is wrong)',
};

export default defineRule({
  id: 'network-error',
  title: 'The probe got no HTTP answer',
  defaultSeverity: 'error',
  checks:
    'A live probe that failed below HTTP (DNS, connection, TLS, timeout) where no other rule explains why.',
  sources: [DOCS.howToCall],
  check({ sim, live, report }) {
    if (!live?.error) return;
    // The API id unknown or a private API from outside: api-not-found / private-api-outside-vpc say more.
    if (sim.outcome === 'NO_SUCH_HOST') return;
    if (sim.endpoint.kind === 'execute-api' && live.error.code === 'ENOTFOUND' && !sim.api) return;
    if (sim.response) return; // prediction-mismatch compares the two
    const meaning = MEANING[live.error.code] ?? live.error.message;
    report({
      title: `No answer from ${sim.request.host}: ${live.error.code}`,
      explanation: `The request never got an HTTP answer: ${meaning}. API Gateway was not reached, so no API Gateway setting explains this.`,
      evidence: [`${live.error.code}: ${live.error.message}`, `after ${live.elapsedMs} ms`],
      fix: {
        summary: 'Check the host name, DNS and the network path to it',
        commands: [`nslookup ${sim.request.host}`, `curl -v '${sim.request.url}'`],
      },
      verify: [`apigw-doctor diagnose '${sim.request.url}'`],
      basis: 'inferred',
    });
  },
});
