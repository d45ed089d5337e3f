import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Whether a request's client may half-close its socket (send its whole request, then shut its side
 * while it reads the answer) and still be answered: a batch (`POST …:batch`, read as the router
 * reads a path: without its query or fragment, in any case, a trailing slash ignored), whose answer
 * streams for as long as its records take. Such clients exist (a `nc -N`, a proxy that forwards a
 * FIN), and node's default took the FIN for a client gone: a batch of 300, all stored, was
 * answered 96 lines. Any other request's client that sends its FIN is taken as gone, as node does:
 * a scan's place, a stays read, are freed at once; a FIN alone cannot tell "done sending" from
 * "gone", and only a batch's answer is long enough for the difference to matter (a client gone
 * altogether is then seen at the next line written to it).
 */
export function mayHalfClose(req: Pick<IncomingMessage, 'method' | 'url'>): boolean {
  if (req.method !== 'POST' || req.url === undefined) return false;
  const end = req.url.search(/[?#]/);
  const path = (end < 0 ? req.url : req.url.slice(0, end)).toLowerCase();
  return (path.endsWith('/') ? path.slice(0, -1) : path).endsWith(':batch');
}

/**
 * What the end of a socket means for the requests on it, which node leaves to one switch or to
 * nobody:
 * - Half-open for batches alone. node's `httpAllowHalfOpen` is one switch for the whole server: on,
 *   it keeps answering every request after its client's FIN (which broke noticing any client that
 *   leaves); off, it aborts every request at the FIN. So it is on, and at a FIN this puts node's
 *   default back for a socket none of whose unanswered requests is a batch: the socket is destroyed,
 *   and each request's `close` tells its route the client is gone.
 * - An answer queued behind another on its socket (pipelined requests) never hears that the socket
 *   closed: node emits neither `finish` nor `close` on it, and what waits for them (a batch's or a
 *   scan's place, the drain's count) waited for ever: two such sockets took a process's batch places
 *   until it restarted (a review). When the socket closes, each such answer is destroyed and closed.
 * The unanswered requests of each socket are kept in a short list (one entry but for pipelining),
 * pruned as requests come, in a WeakMap: no listener per request, nothing kept past the socket.
 */
export function watchSocketEnds(server: Server): void {
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  const open = new WeakMap<Socket, ServerResponse[]>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const unanswered = (open.get(req.socket) ?? []).filter(isUnanswered);
    unanswered.push(res);
    open.set(req.socket, unanswered);
  });
  server.on('connection', (socket: Socket) => {
    // After node's own listeners (the server's first), which, half-open, let the last answer end the socket.
    socket.once('end', () => {
      const unanswered = (open.get(socket) ?? []).filter(isUnanswered);
      if (unanswered.length > 0 && !unanswered.some((res) => mayHalfClose(res.req))) socket.destroy();
    });
    socket.once('close', () => {
      for (const res of open.get(socket) ?? [])
        if (res.socket === null && isUnanswered(res)) {
          res.destroy();
          res.emit('close');
        }
      open.delete(socket);
    });
  });
}

function isUnanswered(res: ServerResponse): boolean {
  return !res.writableFinished && !res.destroyed;
}
