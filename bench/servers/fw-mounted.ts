/**
 * The framework mounted inside a host Express 5 app: `host.use(app)`, or `host.use(PREFIX, app)`
 * when PREFIX is set (then reverse() needs the mount prefix, so AsyncLocalStorage is on the path).
 * SCENARIO picks the app. HOST_POWERED_BY=0: host.disable('x-powered-by') (no header set before
 * the framework writes, so Node's writeHead takes its fast path).
 */
import express from 'express';
import { announceCursorPath, benchApp } from './framework';
import { announce, fail } from './serve';

const host = express();
if (process.env.HOST_POWERED_BY === '0') host.disable('x-powered-by');
const app = benchApp();
const prefix = process.env.PREFIX ?? '';
if (prefix) host.use(prefix, app);
else host.use(app);
app
  .ready()
  .then(() => announceCursorPath(app))
  .then(() => announce((port, hostname, ready) => host.listen(port, hostname, ready)))
  .catch(fail);
