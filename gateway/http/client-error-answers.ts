import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GatewayError } from '../errors/gateway-error';
import { toProblem } from './problem-table';
import { BadRequest, HeadersTooLarge, PayloadTooLarge, RequestTimeout } from './problems';
import { securityHeaderLines } from './security-headers';

/** What a request Node's parser refused means, by the parser's or the server's code. */
function refusalOf(code: string | undefined): GatewayError {
  if (code === 'HPE_HEADER_OVERFLOW') return new HeadersTooLarge("the request's headers are larger than the server reads");
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new RequestTimeout('the request did not arrive within the time the server gives it');
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return new PayloadTooLarge("the body's chunk extensions are larger than the server reads");
  return new BadRequest('the request is not HTTP/1.1 the server can read');
}

/** The socket of a request the server refused, with the answer in flight on it, if any (Node's own field). */
type RefusedSocket = Duplex & { _httpMessage?: { headersSent?: boolean } | null };

/**
 * Requests the HTTP server refuses before any route sees them (a request line or headers it cannot
 * parse, headers past its limit, a request slower than its timeouts) get the gateway's one error
 * shape, problem+json, with the security headers every answer carries: Node's own answers were
 * bare (`HTTP/1.1 400 Bad Request`, no body, no headers). As Node does: the answer is written only
 * where it cannot corrupt another (no answer in flight on the connection has sent its headers: a
 * keep-alive connection's next request is answered too), and the socket is then destroyed, both
 * ways, so that a client still trickling bytes (a slowloris) cannot keep it past its 408.
 */
export function answerClientErrors(server: Server, { hsts }: { hsts: boolean }): void {
  const headers = securityHeaderLines({ hsts });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: RefusedSocket) => {
    if (error.code !== 'ECONNRESET' && socket.writable && !socket._httpMessage?.headersSent) {
      const problem = toProblem(refusalOf(error.code));
      const body = JSON.stringify(problem);
      socket.write(
        `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
          `Content-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `Cache-Control: no-store\r\nConnection: close\r\n${headers}\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  });
}
