import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Whether a request's client may half-close its socket (send its whole request, then shut its side
 * while it reads the answer) and still be answered: a batch (`POST …:batch`), whose answer streams
 * for as long as its records take. Such clients exist (a `nc -N`, a proxy that forwards a FIN), and
 * node's default took the FIN for a client gone: a batch of 300, all stored, was answered 96 lines.
 * Any other request's client that sends its FIN is taken as gone, as node does: a scan's place, a
 * stays read, are freed at once; a client cannot tell "done sending" from "gone" by its FIN alone,
 * and only a batch's answer is long enough for the difference to matter (a gone client's socket
 * then fails at the next line written, and the batch stops there).
 */
export function mayHalfClose(req: Pick<IncomingMessage, 'method' | 'url'>): boolean {
  if (req.method !== 'POST' || req.url === undefined) return false;
  const query = req.url.indexOf('?');
  return (query < 0 ? req.url : req.url.slice(0, query)).endsWith(':batch');
}

/**
 * Half-open for batches alone. node's `httpAllowHalfOpen` is one switch for the whole server: on,
 * it keeps answering every request after its client's FIN (which broke noticing any client that
 * leaves); off, it aborts every request at the FIN. So it is on, and at a FIN this puts node's
 * default back for a socket whose latest request is not a batch and is not yet answered: the
 * socket is destroyed, and its request's `close` tells the route the client is gone. Only the latest
 * request of each socket is remembered (a WeakMap: no listener per request, nothing kept past the
 * socket).
 */
export function halfCloseBatchesOnly(server: Server): void {
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  const latest = new WeakMap<Socket, ServerResponse>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => latest.set(req.socket, res));
  server.on('connection', (socket: Socket) => {
    // After node's own listener (the server's first), which, half-open, lets the answer end the socket.
    socket.once('end', () => {
      const res = latest.get(socket);
      if (res !== undefined && !res.writableFinished && !mayHalfClose(res.req)) socket.destroy();
    });
  });
}
