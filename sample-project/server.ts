import { DEFAULT_DATABASE } from './settings';
import { startProject } from './project';

/**
 * `npm start`: apply the migrations, seed an empty database, and serve the movie theater on
 * http://localhost:$PORT (default 8000). Environment: see settings.ts (DEBUG, SECRET_KEY,
 * DATABASE_URL, ALLOWED_HOSTS, TIME_ZONE, LOG_REQUESTS) and PORT.
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (got '${process.env.PORT}').`);
  const started = Date.now();
  const { app, migrated, seeded, users } = await startProject();
  const where = process.env.DATABASE_URL ? process.env.DATABASE_URL.replace(/\/\/[^@/]*@/, '//…@') : DEFAULT_DATABASE;
  if (migrated.length > 0) console.log(`Applied ${migrated.length} migration${migrated.length === 1 ? '' : 's'} (${migrated.join(', ')}) to ${where}.`);
  if (seeded) console.log(`Seeded ${seeded.movies} movies and ${seeded.screenings} screenings.`);
  if (users.length > 0) console.log(`Demo accounts: alice / alice-password, staff / staff-password (staff may add, edit and delete movies).`);
  app.listen(port, () => {
    console.log(`Palace Cinema on http://localhost:${port}/ (ready in ${Date.now() - started} ms; Ctrl+C to stop)`);
  });
}

main().catch((error: Error) => {
  console.error(`Could not start: ${error.message}`);
  process.exit(1);
});
