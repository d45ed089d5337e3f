/**
 * `npm start`: the gateway on 127.0.0.1:8080 (PORT to change). Stops cleanly on SIGINT/SIGTERM.
 */
import { createApp } from './http/app';

const port = Number(process.env.PORT ?? 8080);
const app = createApp({ logError: (error) => console.error(error) });
const server = app.listen(port, '127.0.0.1', () => {
  process.stdout.write(`gateway listening on http://127.0.0.1:${port}\n`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
