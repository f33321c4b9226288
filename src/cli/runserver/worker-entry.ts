/** The entry point of a runserver worker process (forked by node:cluster from the primary). */
import 'reflect-metadata';
import { runWorker, type WorkerConfig } from './worker';

const config = JSON.parse(process.env.EGV_RUNSERVER_WORKER ?? 'null') as WorkerConfig | null;
if (!config) {
  process.stderr.write('error: this file is started by `egv runserver`, not directly.\n');
  process.exit(1);
}
void runWorker(config);
