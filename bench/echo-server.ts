/**
 * The yardstick of `npm run bench`: a bare express 5 server (the gateway's own express) answering a
 * POSTed JSON body with itself, and nothing else (no auth, no logging, no headers of ours). Started
 * as its own process by bench/pinned-server.ts, pinned as the gateway is.
 */
import express from 'express';

const app = express();
app.post('/echo', express.json(), (req, res) => {
  res.json(req.body);
});
const server = app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1', () => process.stdout.write('echo listening\n'));
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
