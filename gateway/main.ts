/**
 * The production entry: `node dist/gateway/main.js` (the image), `npm run start:production`.
 * Starts only with a complete configuration, whatever NODE_ENV says (loadProductionConfig: the
 * identity provider's JWKS and no shared access-token secret, QR keys, Redis, instances with their
 * platforms' addresses); anything missing or refused exits 78 naming the variable. It never loads the sandbox or a simulator: `npm start` is the
 * sandbox's own entry, gateway/sandbox/sandbox-main.ts. Stops cleanly on SIGINT and SIGTERM.
 */
import { createGateway } from './bootstrap';
import { loadProductionConfig } from './config';
import { createLogger } from './logging/logger';
import { configurationOrExit, failedToStart, serveGateway } from './serve';

async function main(): Promise<void> {
  const logger = createLogger();
  const config = configurationOrExit(logger, () => loadProductionConfig());
  const gateway = await createGateway(config, logger);
  await serveGateway(gateway, config, logger);
}

main().catch(failedToStart);
