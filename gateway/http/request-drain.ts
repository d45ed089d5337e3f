import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * The requests a server is answering, counted so that a stopping process can wait for them. Once
 * drain() is called every answer not yet begun carries `Connection: close` (a keep-alive client
 * reconnects, and its load balancer sends it to a ready pod), idle keep-alive connections are closed,
 * and new connections are still served: a rollout refuses nothing a balancer still sends.
 */
export class RequestDrain {
  private readonly answering = new Set<ServerResponse>();
  private draining = false;
  private answeredSinceDrain = 0;
  private wakeWhenIdle?: () => void;

  constructor(private readonly server: Server) {
    // Before the app's own listener, so that the header is set before any handler can answer.
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => this.track(res));
  }

  /** Requests being answered now. */
  get inFlight(): number {
    return this.answering.size;
  }

  /** Requests answered since drain() was called, those in flight then and those that came after. */
  get drained(): number {
    return this.answeredSinceDrain;
  }

  /** Starts the drain; resolves when no request is in flight (at once when none is). The caller bounds the wait. */
  drain(): Promise<void> {
    this.draining = true;
    for (const res of this.answering) closeAfter(res);
    this.server.closeIdleConnections();
    if (this.answering.size === 0) return Promise.resolve();
    return new Promise((resolve) => (this.wakeWhenIdle = resolve));
  }

  private track(res: ServerResponse): void {
    this.answering.add(res);
    if (this.draining) closeAfter(res);
    // 'close' comes once the answer is sent or the client went away: either way the request is over.
    res.once('close', () => {
      this.answering.delete(res);
      if (!this.draining) return;
      this.answeredSinceDrain += 1;
      if (this.answering.size === 0) this.wakeWhenIdle?.();
    });
  }
}

function closeAfter(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('Connection', 'close');
}
