/**
 * A second app process for the Redis session suite: serves the session views with its own
 * Redis client on the key prefix given in EGV_REDIS_PREFIX, and prints its port.
 */
import { RedisSessionStore, createApp, defaultMiddleware } from '../../src';
import { sessionUrls } from './session-views';

const app = createApp({
  secretKey: 'test-secret-key-that-is-long-enough-for-tests',
  allowedHosts: ['127.0.0.1', 'localhost'],
  rootUrlconf: sessionUrls,
  middleware: defaultMiddleware(),
  session: { store: new RedisSessionStore({ keyPrefix: process.env.EGV_REDIS_PREFIX }) },
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`PORT ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
