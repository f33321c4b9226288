/**
 * SIGTERM to a process serving with app.listen(): in-flight requests finish, keep-alive clients
 * are told to go (503 + Connection: close), the DataSource is closed, and the process exits 0
 * within the shutdown timeout — with zero dropped connections. A program with its own SIGTERM
 * handler stays in charge.
 */
import http from 'node:http';
import { join } from 'node:path';
import { startChild, type Child } from './support/child';
import { fetchOnce, stream } from './support/load';

const SERVER = join(__dirname, 'support', 'signal-server.ts');

async function serve(env: Record<string, string> = {}): Promise<{ child: Child; port: number }> {
  const child = startChild(SERVER, env);
  const { port } = await child.message<{ port: number }>('listening');
  return { child, port };
}

test('SIGTERM drains a stream of keep-alive requests and a slow one, closes the DataSource, exits 0; nothing dropped', async () => {
  const { child, port } = await serve();
  let stopAt = Infinity;
  const loads = stream(port, '/work/', 8, () => Date.now() > stopAt);
  await loads.answered(20);
  const arrived = child.message('slow-arrived');
  const slow = fetchOnce(port, '/slow/?ms=800', new http.Agent());
  await arrived;
  const signalled = Date.now();
  child.process.kill('SIGTERM');
  stopAt = Date.now() + 2_000;
  const slowRes = await slow;
  expect(slowRes.status).toBe(200);
  expect(slowRes.body).toBe('slow done');
  const exit = await child.exited;
  expect(exit).toEqual({ code: 0, signal: null });
  expect(Date.now() - signalled).toBeLessThan(3_000);
  const outcomes = await loads.finished;
  expect(outcomes.dropped).toEqual([]);
  expect(outcomes.statuses[200]).toBeGreaterThanOrEqual(20);
  expect(outcomes.closing503 + outcomes.refused).toBe(8);
  expect(child.out()).toContain('EXIT code=0 dataSourceInitialized=false unhandled=[]');
  expect(child.err()).not.toMatch(/ERROR/);
}, 40_000);

test('a program that handles SIGTERM itself stays in charge: the framework does not exit for it', async () => {
  const { child, port } = await serve({ EGV_OWN_SIGTERM: '1' });
  expect((await fetchOnce(port, '/work/', new http.Agent())).status).toBe(200);
  child.process.kill('SIGTERM');
  const exit = await child.exited;
  expect(exit).toEqual({ code: 3, signal: null });
  expect(child.out()).toContain('OWN HANDLER');
  expect(child.out()).toContain('EXIT code=3 dataSourceInitialized=false unhandled=[]');
}, 40_000);
