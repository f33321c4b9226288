import express, { type Express } from 'express';
import { startProject, type StartOptions, type StartedProject } from './project';

/** The URL prefix the theater is mounted under in the host server. */
export const PREFIX = '/theater';

/**
 * The second way to run the site: inside an Express server you already have, next to its own
 * routes. `createApp()` returns an ordinary Express app, so `host.use('/theater', app)` mounts
 * it; `reverse()`, `url()` in templates, redirects and the login URL then include `/theater`.
 * The static URL is the one setting that must be told about the prefix.
 *
 * ```sh
 * npx tsx sample-project/mounted.ts      # http://localhost:8000/ (the host) and /theater/
 * ```
 */
export async function createHostServer(options: StartOptions = {}): Promise<{ host: Express; project: StartedProject }> {
  const project = await startProject({ ...options, overrides: { staticUrl: `${PREFIX}/static/`, ...options.overrides } });
  const host = express();
  host.get('/', (_req, res) => {
    res.type('html').send(`<!doctype html><title>Host app</title><h1>An existing Express app</h1><p>Its own routes: <a href="/health">/health</a>. The movie theater is mounted at <a href="${PREFIX}/">${PREFIX}/</a>.</p>`);
  });
  host.get('/health', (_req, res) => {
    res.json({ ok: true, theater: `${PREFIX}/` });
  });
  host.use(PREFIX, project.app);
  return { host, project };
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 8000);
  createHostServer()
    .then(({ host }) => host.listen(port, () => console.log(`Host app on http://localhost:${port}/ with the theater at http://localhost:${port}${PREFIX}/`)))
    .catch((error: Error) => {
      console.error(`Could not start: ${error.message}`);
      process.exit(1);
    });
}
