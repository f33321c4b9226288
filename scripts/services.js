'use strict';
// The real services some suites need, and how to tell whether one is up.
const net = require('node:net');

/** Suites that need a service run with its env; `pattern` selects them (they also run on SQLite first). */
const services = [
  {
    name: 'PostgreSQL',
    host: '127.0.0.1',
    port: 5432,
    env: { DATABASE_URL: process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test' },
    pattern: '\\.db\\.test\\.ts$',
    start: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  },
  {
    name: 'Redis',
    host: '127.0.0.1',
    port: 6379,
    env: { EGV_REDIS_SUITE: '1', REDIS_URL: process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379' },
    pattern: '\\.redis\\.test\\.ts$',
    start: 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
  },
];

/** Whether a TCP connection to host:port opens within the timeout. */
function reachable(host, port, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

module.exports = { services, reachable };
