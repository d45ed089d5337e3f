import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { InstanceConfig } from '../../adapters';
import { SimulatorRecords, type SimulatorDefinition } from '../../adapters/simulators';
import { LookupCounts } from './lookup-counts';

/** How a simulated platform misbehaves, set with `PUT /__faults`. */
export interface Faults {
  latencyMs: number;
  jitterMs: number;
  /** The share of requests answered with the platform's own failure (0 to 1). */
  errorRate: number;
  /** Down: every connection is dropped without an answer. */
  down: boolean;
  /** Misrouted: every lookup answered 404 with an ingress's HTML page, as a proxy with no route to the platform answers. */
  misrouted: boolean;
}

/**
 * One simulated platform instance on loopback, speaking that platform's lookup API (from its
 * adapter's simulator definition), with two control routes of its own:
 *   POST /__records  a native record or an array of them, added to what it holds;
 *   PUT  /__faults   { latencyMs, jitterMs, errorRate, down, misrouted } to make it slow, flaky, dead or unreachable behind its proxy.
 * Default latency follows platforms.md.
 */
export class PlatformSimulator {
  readonly records = new SimulatorRecords();
  /** The lookups received (not the control routes), by path and query. */
  readonly lookups = new LookupCounts();
  private faults: Faults;
  private server?: Server;

  constructor(
    readonly instance: InstanceConfig,
    private readonly definition: SimulatorDefinition,
    readonly credentials: Record<string, string>,
  ) {
    this.faults = { ...definition.latency, errorRate: 0, down: false, misrouted: false };
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  setFaults(change: Partial<Faults>): Faults {
    this.faults = { ...this.faults, ...change };
    return this.faults;
  }

  async start(port = 0): Promise<void> {
    const app = express();
    app.disable('x-powered-by');
    app.put('/__faults', express.json(), (req, res) => {
      const change = req.body as Partial<Faults>;
      const valid = Object.entries(change).every(([k, v]) =>
        k === 'down' || k === 'misrouted'
          ? typeof v === 'boolean'
          : ['latencyMs', 'jitterMs', 'errorRate'].includes(k) && typeof v === 'number' && v >= 0,
      );
      if (!valid || (change.errorRate ?? 0) > 1)
        return res.status(400).json({ error: 'latencyMs, jitterMs >= 0; errorRate 0..1; down, misrouted boolean' });
      res.json(this.setFaults(change));
    });
    app.get('/__faults', (_req, res) => res.json(this.faults));
    app.post('/__records', express.json({ limit: '10mb' }), (req, res) => {
      const added = Array.isArray(req.body) ? req.body : [req.body];
      for (const record of added) this.records.add(record);
      res.status(201).json({ added: added.length, records: this.records.size });
    });

    app.use((req, res, next) => {
      res.once('close', this.lookups.received(req.originalUrl));
      if (this.faults.down) {
        req.socket.destroy();
        return;
      }
      if (this.faults.misrouted) return res.status(404).type('html').send(INGRESS_NOT_FOUND);
      const delay = this.faults.latencyMs + Math.random() * this.faults.jitterMs;
      const timer = setTimeout(() => {
        if (Math.random() < this.faults.errorRate) return this.definition.fail(req, res);
        if (!this.definition.authenticate(req, this.credentials)) return res.status(401).json({ error: 'unauthorized' });
        next();
      }, delay);
      // A caller that gives up (the gateway's timeout) frees the timer: nothing is answered to nobody.
      res.once('close', () => clearTimeout(timer));
    });
    const router = express.Router();
    this.definition.routes(router, this.records, this.instance);
    app.use(router);

    await new Promise<void>((resolve) => {
      this.server = app.listen(port, '127.0.0.1', () => resolve());
    });
    this.server!.keepAliveTimeout = 65_000;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

/** What an nginx ingress answers for a path it has no route for. */
const INGRESS_NOT_FOUND =
  '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
