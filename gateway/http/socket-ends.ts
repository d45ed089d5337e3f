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
 *   default back for a socket none of whose unanswered requests (not yet ended by the app) is a
 *   batch: the socket is destroyed, and each request's `close` tells its route the client is gone.
 *   An answer already ended is left to node, which ends the socket once it is sent.
 * - An answer queued behind another on its socket (pipelined requests) never hears that the socket
 *   closed: node emits neither `finish` nor `close` on it (nor does its own `destroy()`, before it
 *   has a socket), and what waits for them (a batch's or a scan's place, the drain's count) waited
 *   for ever: two such sockets took a process's batch places until it restarted (a review). When the
 *   socket closes, each such answer not closed yet is destroyed and closed.
 * Per socket, in WeakMaps (nothing kept past the socket, no listener but for a queued answer): its
 * answers not yet ended, oldest first (HTTP/1.1 answers in order, so those ended leave from the
 * front), and its queued answers not yet closed.
 */
export function watchSocketEnds(server: Server): void {
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  const answers = new WeakMap<Socket, ServerResponse[]>();
  const queued = new WeakMap<Socket, Set<ServerResponse>>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const list = unended(answers.get(socket));
    list.push(res);
    answers.set(socket, list);
    // Not given its socket yet: it waits behind an earlier answer.
    if (res.socket === null) {
      const waiting = queued.get(socket) ?? new Set<ServerResponse>();
      queued.set(socket, waiting.add(res));
      const settled = () => waiting.delete(res);
      res.once('socket', settled).once('close', settled);
    }
  });
  server.on('connection', (socket: Socket) => {
    // After node's own listeners (the server's first), which, half-open, let the last answer end the socket.
    socket.once('end', () => {
      const list = unended(answers.get(socket));
      if (list.length > 0 && !list.some((res) => mayHalfClose(res.req))) socket.destroy();
    });
    socket.once('close', () => {
      for (const res of queued.get(socket) ?? []) {
        res.destroy();
        res.emit('close');
      }
      answers.delete(socket);
      queued.delete(socket);
    });
  });
}

/** A socket's answers without those already ended by the app (from the front: they end in order). */
function unended(list: ServerResponse[] | undefined): ServerResponse[] {
  if (list === undefined) return [];
  let ended = 0;
  while (ended < list.length && (list[ended] as ServerResponse).writableEnded) ended += 1;
  return ended === 0 ? list : list.slice(ended);
}
