import { InputError } from '../../model/errors.js';
import { createGatewayServer } from '../../serve/server.js';
import { hasOfflineConfig, loadInventory, type InputFlags } from '../inputs.js';

export interface ServeFlags extends InputFlags {
  port: string;
  host: string;
  api?: string;
  quiet?: boolean;
}

/** Runs until interrupted; resolves with the exit code on SIGINT/SIGTERM. */
export async function runServe(flags: ServeFlags): Promise<number> {
  if (!hasOfflineConfig(flags))
    throw new InputError('serve needs the configuration to answer from: --snapshot FILE or --openapi FILE');
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InputError(`--port takes 0-65535, not ${JSON.stringify(flags.port)}`);
  const inventory = await loadInventory(flags);
  const serveOptions: Parameters<typeof createGatewayServer>[0] = { inventory };
  if (flags.api) serveOptions.apiId = flags.api;
  if (!flags.quiet) serveOptions.onRequest = (line) => process.stderr.write(`${line}\n`);
  const server = createGatewayServer(serveOptions);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new InputError(error.code === 'EADDRINUSE' ? `port ${port} is already in use` : error.message)),
    );
    server.listen(port, flags.host, resolve);
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  // The first line on stdout is the URL, so scripts and tests can read the port chosen for --port 0.
  process.stdout.write(`http://${flags.host}:${actual}\n`);
  process.stderr.write(
    `apigw-doctor serve: answering as API Gateway would, from ${inventory.sources.join(', ')}; Ctrl-C to stop\n`,
  );
  return new Promise<number>((resolve) => {
    const stop = () => server.close(() => resolve(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
