import type { Socket } from 'node:net';

/** Everything a socket says until it closes (for tests of the server's own limits, below HTTP clients). */
export function untilClosed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('close', () => resolve(text));
  });
}
