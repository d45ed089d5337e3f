import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of one Redis node that counts round trips: how many times a client sent
 * commands and then had to wait for Redis's answer before sending more. On each connection a round
 * trip begins when the client sends after Redis has answered (or sends first); whatever the client
 * writes before any answer comes back joins the round trip in flight. So a pipeline, a MULTI/EXEC
 * or the commands node-redis writes in one tick (its auto-pipelining of a `Promise.all`) count
 * once, and a command that waited for another's answer counts again: the sequential waits a
 * request pays, whatever the client library does inside. Counted on the wire, not by trusting the
 * store's code or timestamps. Connections are counted apart (a cluster's nodes would each have one
 * of these; the gateway's single-node client has one connection).
 */
export class RoundTripProxy {
  private roundTrips = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(redisPort: number): Promise<RoundTripProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new RoundTripProxy(server, (server.address() as AddressInfo).port);
    server.on('connection', (client) => proxy.relay(client, redisPort));
    return proxy;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Round trips since the proxy started (take differences around what is measured). */
  get count(): number {
    return this.roundTrips;
  }

  private relay(client: Socket, redisPort: number): void {
    const upstream = connect(redisPort, '127.0.0.1');
    this.sockets.add(client).add(upstream);
    // true once Redis has answered since the client last wrote: the client's next write is a new round trip.
    let answered = true;
    client.on('data', (chunk) => {
      if (answered) this.roundTrips += 1;
      answered = false;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      answered = true;
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
