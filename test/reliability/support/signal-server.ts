/**
 * A process serving an app with app.listen() for the shutdown-signal tests: it says its port over
 * IPC, and on exit writes whether its DataSource was closed and what reached the process
 * unhandled. With EGV_OWN_SIGTERM=1 it handles SIGTERM itself (closing the app, exit code 3).
 */
import 'reflect-metadata';
import { writeSync } from 'node:fs';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { HttpResponse, createApp, currentManager, path, type HttpRequest } from '../../../src';
import { sqliteDataSource } from './sqlite';

@Entity('rel_signal_hit')
class Hit {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 20 }) path!: string;
}

const unhandled: string[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(`rejection: ${String(reason)}`));
process.on('uncaughtException', (error) => unhandled.push(`exception: ${String(error)}`));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dataSource = sqliteDataSource([Hit]);
const app = createApp({
  secretKey: 'signal-server-secret-key-long-enough-for-tests',
  allowedHosts: ['localhost', '127.0.0.1'],
  dataSource,
  shutdownTimeout: 5_000,
  logger: { error: (m, e) => process.stderr.write(`ERROR ${m} ${String(e)}\n`), warn: (m) => process.stderr.write(`WARN ${m}\n`) },
  rootUrlconf: [
    path('work/', async () => {
      await sleep(2 + Math.floor(Math.random() * 8));
      await currentManager().getRepository(Hit).insert({ path: 'work' });
      return new HttpResponse('done');
    }),
    path('slow/', async (request: HttpRequest) => {
      process.send?.({ type: 'slow-arrived' });
      await sleep(Number(request.GET.get('ms') ?? 800));
      return new HttpResponse('slow done');
    }),
  ],
});

process.on('exit', (code) => {
  writeSync(1, `EXIT code=${code} dataSourceInitialized=${dataSource.isInitialized} unhandled=${JSON.stringify(unhandled)}\n`);
});

if (process.env.EGV_OWN_SIGTERM === '1') {
  process.on('SIGTERM', () => {
    writeSync(1, 'OWN HANDLER\n');
    void app.close().then(() => process.exit(3));
  });
}

void app.ready().then(() => {
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
  });
});
