import { MigrationExecutor, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { Permission } from '../../contrib/auth/models';
import { syncPermissions } from '../../contrib/auth/management';
import { CommandError, oneLine, style } from '../output';
import { requireDataSource, type Project } from '../project';

/** How migrations are wrapped in transactions (TypeORM's transaction modes). */
export type TransactionMode = 'all' | 'each' | 'none';

type Instance = MigrationInterface & { name?: string };

function instances(dataSource: DataSource): Instance[] {
  return dataSource.migrations as Instance[];
}

function nameOf(instance: Instance): string {
  return instance.name ?? instance.constructor.name;
}

/** `app.Name`: the migration's name with the label of the app that holds it (no label for the DataSource's own). */
function labelled(project: Project, name: string): string {
  const found = project.migrations.find((m) => m.name === name);
  return found ? `${found.app}.${name}` : name;
}

/** Print `Applying x... OK` around each migration's `up` (or `down`), so a long run shows where it is. */
function reportSteps(
  project: Project,
  dataSource: DataSource,
  method: 'up' | 'down',
  verb: string,
  out: (text: string) => void,
  onStart: (name: string) => void = () => undefined,
): () => void {
  const restore: Array<() => void> = [];
  for (const instance of instances(dataSource)) {
    const original = instance[method];
    const own = Object.prototype.hasOwnProperty.call(instance, method);
    instance[method] = async function (this: Instance, queryRunner: QueryRunner) {
      onStart(nameOf(instance));
      out(`  ${verb} ${labelled(project, nameOf(instance))}...`);
      const started = Date.now();
      try {
        await original.call(instance, queryRunner);
      } catch (error) {
        out(` ${style.error('FAILED')}\n`);
        throw error;
      }
      const took = Date.now() - started;
      out(` ${style.success('OK')}${took >= 1000 ? ` (${(took / 1000).toFixed(1)}s)` : ''}\n`);
    };
    restore.push(() => (own ? (instance[method] = original) : delete (instance as Partial<Instance>)[method]));
  }
  return () => restore.forEach((r) => r());
}

/** Silence TypeORM's own migration log lines (always on) while this command reports the steps itself. */
function quietMigrationLog(dataSource: DataSource): () => void {
  const logger = dataSource.logger as { logMigration?: (...args: unknown[]) => void };
  const own = Object.prototype.hasOwnProperty.call(logger, 'logMigration');
  const original = logger.logMigration;
  logger.logMigration = () => undefined;
  return () => (own ? (logger.logMigration = original) : delete logger.logMigration);
}

function transactionMode(value: unknown): TransactionMode {
  const mode = (value ?? 'all') as TransactionMode;
  if (!['all', 'each', 'none'].includes(mode)) throw new CommandError(`--transaction must be all, each or none (got '${String(value)}').`);
  return mode;
}

function rollbackNote(mode: TransactionMode): string {
  if (mode === 'all') return 'The transaction was rolled back: no migration of this run was applied.';
  if (mode === 'each') return 'Its transaction was rolled back; the migrations before it in this run stay applied.';
  return 'It ran without a transaction (--transaction none): the database may be partly changed.';
}

/** Create the auth permissions of every entity after a migration, as Django's post_migrate does. */
async function afterMigrate(dataSource: DataSource, out: (text: string) => void): Promise<void> {
  if (!dataSource.hasMetadata(Permission)) return;
  const runner = dataSource.createQueryRunner();
  try {
    if (!(await runner.hasTable(dataSource.getMetadata(Permission).tablePath))) return;
  } finally {
    await runner.release();
  }
  const created = await syncPermissions();
  if (created > 0) out(`  Created ${created} permission${created === 1 ? '' : 's'}.\n`);
}

/** `migrate`: apply the pending migrations, one line per migration; a failure rolls back and names the migration. */
export async function migrate(project: Project, options: { fake?: boolean; transaction?: string; check?: boolean }, out: (text: string) => void): Promise<number> {
  const dataSource = requireDataSource(project, 'migrate');
  const mode = transactionMode(options.transaction);
  const executor = new MigrationExecutor(dataSource);
  executor.transaction = mode;
  executor.fake = Boolean(options.fake);
  const pending = await executor.getPendingMigrations();
  const apps = [...new Set(project.migrations.map((m) => m.app))];
  if (options.check) {
    if (pending.length === 0) {
      out('No unapplied migrations.\n');
      return 0;
    }
    out(`${pending.length} unapplied migration${pending.length === 1 ? '' : 's'}:\n${pending.map((m) => `  ${labelled(project, m.name)}\n`).join('')}`);
    return 1;
  }
  out(`${style.bold('Operations to perform:')}\n  Apply all migrations: ${apps.length > 0 ? apps.join(', ') : '(none)'}\n`);
  out(`${style.bold('Running migrations:')}\n`);
  if (pending.length === 0) {
    out('  No migrations to apply.\n');
    await afterMigrate(dataSource, out);
    return 0;
  }
  let current = '';
  const report = options.fake ? () => undefined : reportSteps(project, dataSource, 'up', 'Applying', out, (name) => (current = name));
  const quiet = quietMigrationLog(dataSource);
  const restore = () => {
    report();
    quiet();
  };
  try {
    const done = await executor.executePendingMigrations();
    if (options.fake) for (const m of done) out(`  Faking ${labelled(project, m.name)}... ${style.success('FAKED')}\n`);
  } catch (error) {
    const which = current ? `Migration ${labelled(project, current)} failed` : 'Migrating failed';
    throw new CommandError(`${which}: ${oneLine(error)}. ${rollbackNote(mode)}`, 1, { cause: error });
  } finally {
    restore();
  }
  await afterMigrate(dataSource, out);
  return 0;
}

/** `revert`: undo the last `steps` applied migrations, newest first. */
export async function revert(project: Project, options: { steps?: string; transaction?: string; fake?: boolean }, out: (text: string) => void): Promise<number> {
  const dataSource = requireDataSource(project, 'revert');
  const steps = Number(options.steps ?? 1);
  if (!Number.isInteger(steps) || steps < 1) throw new CommandError(`--steps must be a positive whole number (got '${options.steps}').`);
  const mode = transactionMode(options.transaction);
  const executed = await new MigrationExecutor(dataSource).getExecutedMigrations();
  if (executed.length === 0) {
    out('No migrations to revert.\n');
    return 0;
  }
  const count = Math.min(steps, executed.length);
  out(`${style.bold('Reverting migrations:')}\n`);
  const report = reportSteps(project, dataSource, 'down', 'Unapplying', out);
  const quiet = quietMigrationLog(dataSource);
  const restore = () => {
    report();
    quiet();
  };
  try {
    for (let i = 0; i < count; i++) {
      const executor = new MigrationExecutor(dataSource);
      executor.transaction = mode;
      executor.fake = Boolean(options.fake);
      await executor.undoLastMigration();
    }
  } catch (error) {
    throw new CommandError(`Reverting failed: ${oneLine(error)}. ${rollbackNote(mode === 'all' ? 'each' : mode)}`, 1, { cause: error });
  } finally {
    restore();
  }
  return 0;
}

/** `showmigrations`: every migration by app, `[X]` when applied; applied ones without a file are flagged. */
export async function showMigrations(project: Project, out: (text: string) => void): Promise<number> {
  const dataSource = requireDataSource(project, 'showmigrations');
  const executed = new Set((await new MigrationExecutor(dataSource).getExecutedMigrations()).map((m) => m.name));
  const groups = new Map<string, string[]>();
  const known = new Set<string>();
  for (const app of project.conf.installedApps) if (app.migrations) groups.set(app.label, []);
  for (const instance of instances(dataSource)) {
    const name = nameOf(instance);
    known.add(name);
    const app = project.migrations.find((m) => m.name === name)?.app ?? '(dataSource)';
    if (!groups.has(app)) groups.set(app, []);
    groups.get(app)!.push(` [${executed.has(name) ? 'X' : ' '}] ${name}`);
  }
  const orphans = [...executed].filter((name) => !known.has(name));
  if (orphans.length > 0) groups.set('(applied, no file)', orphans.map((name) => ` [X] ${name}`));
  if (groups.size === 0) out('No migrations: no installed app has a migrations folder (defineApp({ …, migrations })).\n');
  for (const [app, lines] of groups) {
    out(`${style.bold(app)}\n${lines.length > 0 ? lines.join('\n') + '\n' : ' (no migrations)\n'}`);
  }
  return 0;
}
