import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { MigrationExecutor, type DataSource } from 'typeorm';
import type { AppConfig } from '../../conf/apps';
import { CommandError, style } from '../output';
import { requireDataSource, type Project } from '../project';
import { findPackageJson } from '../settings-module';

/** Options of `makemigrations`. */
export interface MakeMigrationsOptions {
  name?: string;
  /** Exit 1 when there are changes, writing nothing (for CI). */
  check?: boolean;
  dryRun?: boolean;
  /** Write a migration with empty up() and down(), to fill in by hand. */
  empty?: boolean;
}

interface Statement {
  query: string;
  parameters?: unknown[];
}

function escapeTemplate(sql: string): string {
  return sql.replaceAll('\\', '\\\\').replaceAll('`', '\\`').replaceAll('${', '\\${');
}

function call(statement: Statement): string {
  const params = statement.parameters?.length ? `, ${JSON.stringify(statement.parameters)}` : '';
  return `    await queryRunner.query(\`${escapeTemplate(statement.query)}\`${params});`;
}

/** `'add rating'` → `'AddRating'`; a name TypeORM can suffix with the timestamp. */
export function className(name: string): string {
  const words = name.match(/[A-Za-z0-9]+/g) ?? [];
  const pascal = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  if (!/^[A-Za-z]/.test(pascal)) throw new CommandError(`--name must start with a letter, such as 'add_rating' (got '${name}').`);
  return pascal;
}

type Flavour = 'ts' | 'esm' | 'cjs';

function flavourOf(project: Project): Flavour {
  const ext = extname(project.location.file);
  if (/^\.[mc]?ts$/.test(ext)) return 'ts';
  if (ext === '.mjs') return 'esm';
  if (ext === '.cjs') return 'cjs';
  const pkg = findPackageJson(project.location.root);
  return pkg && JSON.parse(readFileSync(pkg, 'utf8')).type === 'module' ? 'esm' : 'cjs';
}

function render(flavour: Flavour, name: string, up: Statement[], down: Statement[]): string {
  const body = (list: Statement[]) => (list.length > 0 ? list.map(call).join('\n') : '    // Write the SQL of this step: await queryRunner.query(`…`);');
  if (flavour === 'ts') {
    return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name} implements MigrationInterface {
  name = '${name}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${body(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${body(down)}
  }
}
`;
  }
  const head = flavour === 'esm' ? `export class ${name} {` : `class ${name} {`;
  const tail = flavour === 'esm' ? '' : `\nmodule.exports = { ${name} };\n`;
  return `/** @typedef {import('typeorm').QueryRunner} QueryRunner */

${head}
  name = '${name}';

  /** @param {QueryRunner} queryRunner */
  async up(queryRunner) {
${body(up)}
  }

  /** @param {QueryRunner} queryRunner */
  async down(queryRunner) {
${body(down)}
  }
}
${tail}`;
}

/** Table name → label of the app whose entity it is. */
function tableOwners(project: Project, dataSource: DataSource): Map<string, string> {
  const owners = new Map<string, string>();
  for (const metadata of dataSource.entityMetadatas) {
    const label = typeof metadata.target === 'function' ? project.app.apps.labelOf(metadata.target) : null;
    if (label) {
      owners.set(metadata.tableName, label);
      owners.set(metadata.tablePath, label);
    }
  }
  return owners;
}

function appsTouched(statements: Statement[], owners: Map<string, string>): Set<string> {
  const touched = new Set<string>();
  for (const { query } of statements) {
    for (const m of query.matchAll(/["`[]([^"`\]]+)["`\]]/g)) {
      const owner = owners.get(m[1]) ?? owners.get(m[1].replace(/^temporary_/, ''));
      if (owner) touched.add(owner);
    }
  }
  return touched;
}

function chooseApp(project: Project, label: string | undefined, touched: Set<string>): AppConfig & { migrations: string } {
  const withFolder = project.conf.installedApps.filter((a): a is AppConfig & { migrations: string } => typeof a.migrations === 'string');
  const hint = "give the app a folder: defineApp({ label, entities, migrations: join(__dirname, 'migrations') })";
  if (label !== undefined) {
    const app = project.conf.installedApps.find((a) => a.label === label);
    if (!app) throw new CommandError(`No installed app is labelled '${label}' (installed: ${project.conf.installedApps.map((a) => a.label).join(', ') || 'none'}).`);
    if (!app.migrations) throw new CommandError(`The app '${label}' has no migrations folder: ${hint}.`);
    return app as AppConfig & { migrations: string };
  }
  if (withFolder.length === 1) return withFolder[0];
  if (withFolder.length === 0) throw new CommandError(`No installed app has a migrations folder: ${hint}.`);
  const candidates = withFolder.filter((a) => touched.has(a.label));
  if (candidates.length === 1 && [...touched].every((t) => t === candidates[0].label || !withFolder.some((a) => a.label === t))) return candidates[0];
  throw new CommandError(`Several apps have migrations folders (${withFolder.map((a) => a.label).join(', ')}): name the one to write to, e.g. makemigrations ${withFolder[0].label}.`);
}

function summary(statements: Statement[]): string {
  const lines = statements.slice(0, 12).map(({ query }) => {
    const one = query.replace(/\s+/g, ' ').trim();
    return `    - ${one.length > 100 ? `${one.slice(0, 97)}...` : one}`;
  });
  if (statements.length > 12) lines.push(`    … and ${statements.length - 12} more statements`);
  return lines.join('\n') + '\n';
}

/**
 * `makemigrations [app]`: compare the entities with the database schema and write the SQL that
 * brings the schema up to date as a TypeORM migration class in the app's `migrations` folder.
 * The comparison is against the database, so pending migrations must be applied first.
 */
export async function makeMigrations(project: Project, label: string | undefined, options: MakeMigrationsOptions, out: (text: string) => void): Promise<number> {
  const dataSource = requireDataSource(project, 'makemigrations');
  const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
  if (pending.length > 0 && !options.empty) {
    const names = pending.slice(0, 3).map((m) => m.name).join(', ');
    throw new CommandError(
      `${pending.length} migration${pending.length === 1 ? ' is' : 's are'} not applied yet (${names}${pending.length > 3 ? ', …' : ''}): run migrate first; changes are computed against the database.`,
    );
  }
  let up: Statement[] = [];
  let down: Statement[] = [];
  if (!options.empty) {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    up = sql.upQueries;
    down = [...sql.downQueries].reverse();
    if (up.length === 0) {
      out('No changes detected\n');
      return 0;
    }
  }
  const touched = appsTouched(up, tableOwners(project, dataSource));
  if (options.check) {
    out(`Changes detected (${up.length} statement${up.length === 1 ? '' : 's'}) in apps: ${[...touched].join(', ') || '(none)'}\n${summary(up)}`);
    return 1;
  }
  const app = chooseApp(project, label, touched);
  const existing = project.migrations.filter((m) => m.app === app.label);
  const base = className(options.name ?? (existing.length === 0 ? 'initial' : options.empty ? 'custom' : 'auto'));
  const latest = Math.max(0, ...project.migrations.map((m) => Number(/(\d{13})$/.exec(m.name)?.[1] ?? 0)));
  const timestamp = Math.max(Date.now(), latest + 1);
  const name = `${base}${timestamp}`;
  const flavour = flavourOf(project);
  const file = join(app.migrations, `${timestamp}-${base}.${flavour === 'ts' ? 'ts' : flavour === 'esm' ? 'mjs' : 'js'}`);
  const shown = relative(process.cwd(), file) || file;
  out(`${style.bold(`Migrations for '${app.label}':`)}\n  ${style.notice(shown)}\n${options.empty ? '    - (empty: fill in up() and down())\n' : summary(up)}`);
  if (options.dryRun) {
    out('(dry run: nothing was written)\n');
    return 0;
  }
  mkdirSync(app.migrations, { recursive: true });
  writeFileSync(file, render(flavour, name, up, down), { flag: 'wx' });
  return 0;
}
