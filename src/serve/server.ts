import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { InputError } from '../model/errors.js';
import type { ApiModel, Inventory } from '../model/types.js';
import { simulate } from '../simulate/simulate.js';
import type { Simulation } from '../simulate/types.js';

/**
 * A local stand-in for API Gateway: every request is answered exactly as the simulator predicts
 * (errors byte for byte; a matched route answers 200 with JSON naming the route and integration).
 * The Host header picks the API when it is an execute-api host or a custom domain in the inventory;
 * otherwise requests go to the default API.
 */

export interface ServeOptions {
  inventory: Inventory;
  /** API for requests whose Host names none; required when the inventory has several. */
  apiId?: string;
  onRequest?: (line: string) => void;
}

export function defaultApi(inventory: Inventory, apiId: string | undefined): ApiModel {
  if (apiId) {
    const api = inventory.apis.find((a) => a.id === apiId);
    if (!api)
      throw new InputError(
        `--api ${apiId}: no such API in the inputs (have: ${inventory.apis.map((a) => a.id).join(', ') || 'none'})`,
      );
    return api;
  }
  const real = inventory.apis.filter((a) => !a.placeholder);
  if (inventory.apis.length === 1) return inventory.apis[0]!;
  if (real.length === 1) return real[0]!;
  throw new InputError(
    `the inputs hold ${inventory.apis.length} APIs: choose the default one with --api (${inventory.apis.map((a) => a.id).join(', ')})`,
  );
}

function targetUrl(inventory: Inventory, api: ApiModel, req: IncomingMessage): string {
  const host = (req.headers.host ?? '').toLowerCase().split(':')[0] ?? '';
  const known =
    host.endsWith('.amazonaws.com') ||
    host.endsWith('.on.aws') ||
    host.includes('.execute-api.') ||
    inventory.domains.some((d) => d.domainName === host || d.targetDomainName === host);
  const path = req.url ?? '/';
  if (known) return `https://${host}${path}`;
  // LocalStack's path form names the API itself: /restapis/{id}/{stage}/_user_request_/…
  if (path.startsWith('/restapis/')) return `http://localhost${path}`;
  return `https://${api.id}.execute-api.${api.region ?? 'us-east-1'}.amazonaws.com${path}`;
}

function answer(res: ServerResponse, sim: Simulation): void {
  const response = sim.response;
  if (!response) {
    const body = JSON.stringify({
      apigwDoctor: 'API Gateway would give no HTTP answer here, or its answer is not known',
      outcome: sim.outcome,
      trace: sim.trace.map((t) => `${t.step}: ${t.detail}`),
    });
    res.writeHead(502, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'x-apigw-doctor-outcome': sim.outcome,
    });
    res.end(body);
    return;
  }
  const headers: Record<string, string> = { ...response.headers, Date: new Date().toUTCString() };
  // Live API Gateway gives every answer a fresh request id.
  if (headers['x-amzn-RequestId']) headers['x-amzn-RequestId'] = randomUUID();
  res.writeHead(response.status, headers);
  res.end(sim.request.method === 'HEAD' ? undefined : response.body);
}

export function createGatewayServer(options: ServeOptions): Server {
  const api = defaultApi(options.inventory, options.apiId);
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined && name !== 'host')
          headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      let sim: Simulation;
      try {
        const request = {
          method: req.method ?? 'GET',
          url: targetUrl(options.inventory, api, req),
          headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        sim = simulate(options.inventory, request);
      } catch (error) {
        const body = JSON.stringify({
          apigwDoctor: `cannot simulate this request: ${(error as Error).message}`,
        });
        res.writeHead(400, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      answer(res, sim);
      options.onRequest?.(
        `${req.method} ${req.url} → ${sim.response?.status ?? 502} ${sim.outcome}${sim.route ? ` (${sim.route.httpMethod} ${sim.route.resourcePath})` : ''}`,
      );
    });
  });
}
