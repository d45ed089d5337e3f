import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * Round trips counted across every connection it is given: one begins when the client sends after
 * Redis has answered anything (or sends first); whatever the client writes before an answer comes
 * back, on any connection, joins the round trip in flight. Across a cluster's nodes that is the
 * request's sequential depth: commands sent to three nodes at once are one wait, not three.
 */
export class RoundTripCounter {
  count = 0;
  private answered = true;

  sent(): void {
    if (this.answered) this.count += 1;
    this.answered = false;
  }

  received(): void {
    this.answered = true;
  }
}

/**
 * A TCP proxy in front of one Redis node that counts round trips (RoundTripCounter): how many times
 * a client sent commands and then had to wait for Redis's answer before sending more. So a
 * pipeline, a MULTI/EXEC or the commands node-redis writes in one tick (its auto-pipelining of a
 * `Promise.all`) count once, and a command that waited for another's answer counts again: the
 * sequential waits a request pays, whatever the client library does inside. Counted on the wire,
 * not by trusting the store's code or timestamps. Proxies of a cluster's nodes share one counter.
 */
export class RoundTripProxy {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly counter: RoundTripCounter,
  ) {}

  static async start(redisPort: number, counter = new RoundTripCounter()): Promise<RoundTripProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new RoundTripProxy(server, (server.address() as AddressInfo).port, counter);
    server.on('connection', (client) => proxy.relay(client, redisPort));
    return proxy;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Round trips since the proxy started (take differences around what is measured). */
  get count(): number {
    return this.counter.count;
  }

  private relay(client: Socket, redisPort: number): void {
    const upstream = connect(redisPort, '127.0.0.1');
    this.sockets.add(client).add(upstream);
    client.on('data', (chunk) => {
      this.counter.sent();
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      this.counter.received();
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
