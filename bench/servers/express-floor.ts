/**
 * Express 5 whose one middleware writes the response with Node's own calls: the floor for any
 * app mounted in a host Express app (Express still re-prototypes req and res on every request).
 */
import express from 'express';
import { announce } from './serve';

const app = express();
app.use((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': '5' });
  res.end('hello');
});
announce((port, host, ready) => app.listen(port, host, ready));
