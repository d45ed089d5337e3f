import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InstanceConfig } from '../../adapters';
import { signAccessToken, SCOPES } from '../../gateway/auth/access-tokens';
import { GOLDEN_ERA } from './golden-era';
import { createGateway, type Gateway } from '../../gateway/bootstrap';
import type { GatewayConfig } from '../../gateway/config';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { createLogger } from '../../gateway/logging/logger';
import { checkAgainstContract } from './openapi-contract';
import { createHttpServer } from '../../gateway/http/http-server';

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

/**
 * A gateway of the test's own on an ephemeral loopback port, with a fresh sandbox folder (its own
 * secrets and QR key), and a client that checks every response against the OpenAPI document. Given
 * REDIS_URL (or REDIS_CLUSTER_NODES) without REDIS_KEY_PREFIX, it stores under a fresh prefix: an
 * empty store of its own in a Redis that others share.
 */
export class TestGateway {
  private constructor(
    readonly gateway: Gateway,
    readonly config: GatewayConfig,
    private readonly server: Server,
  ) {}

  static async start(env: NodeJS.ProcessEnv = {}, clock?: () => Date, instances?: InstanceConfig[]): Promise<TestGateway> {
    const ownKeys =
      (env.REDIS_URL || env.REDIS_CLUSTER_NODES) && !env.REDIS_KEY_PREFIX
        ? { REDIS_KEY_PREFIX: `test:${randomBytes(6).toString('hex')}:` }
        : {};
    const loaded = loadSandboxConfig({
      SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'gateway-')),
      LOG_LEVEL: 'silent',
      ...GOLDEN_ERA,
      ...ownKeys,
      ...env,
    });
    const config = instances ? { ...loaded, instances } : loaded;
    const gateway = await createGateway(config, createLogger('silent'), clock);
    const server = await new Promise<Server>((resolve) => {
      const s = createHttpServer(gateway.app, config.server).listen(0, '127.0.0.1', () => resolve(s));
    });
    return new TestGateway(gateway, config, server);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  token(scopes: readonly string[] = SCOPES, subject = 'test-partner'): string {
    return signAccessToken(this.config.auth, subject, scopes);
  }

  /** A request as a partner would send it; the response must match the contract for `route`. */
  async call(
    method: string,
    path: string,
    options: {
      token?: string | null;
      body?: unknown;
      raw?: string | Buffer;
      headers?: Record<string, string>;
      route?: string;
      signal?: AbortSignal;
    } = {},
  ): Promise<TestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? this.token() : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | Buffer | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(this.baseUrl + path, { method, headers, body, signal: options.signal });
    const buffer = Buffer.from(await response.arrayBuffer());
    const text = buffer.toString('utf8');
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('json') && !type.includes('ndjson') ? JSON.parse(text) : type.startsWith('image/png') ? buffer : text;
    checkAgainstContract(method, options.route ?? path, response.status, type, parsed, response.headers);
    return { status: response.status, headers: response.headers, text, body: parsed };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    await this.gateway.close();
  }
}
