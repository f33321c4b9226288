/** The files `startapp` writes, as functions of the app's names. */

/** The names derived from `startapp NAME`. */
export interface AppNames {
  /** `movies`: the folder, the app label and the URL namespace. */
  readonly label: string;
  /** `moviesApp`: the exported AppConfig. */
  readonly variable: string;
  /** `Movie`: the example entity. */
  readonly model: string;
  /** `movie`: its template and context name. */
  readonly modelLower: string;
  /** `movie-list` / `movie-detail` URL names start with this. */
  readonly urlName: string;
}

function pascal(text: string): string {
  return text
    .split(/[_\W]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** Names for an app called `label`: `movies` → `moviesApp`, entity `Movie`. */
export function appNames(label: string): AppNames {
  const singular = label.length > 3 && label.endsWith('s') && !label.endsWith('ss') ? label.slice(0, -1) : label;
  const model = pascal(singular) || 'Item';
  const variable = pascal(label);
  return {
    label,
    variable: `${variable[0].toLowerCase()}${variable.slice(1)}App`,
    model,
    modelLower: model.toLowerCase(),
    urlName: model.replace(/[A-Z]/g, (c, i) => `${i > 0 ? '-' : ''}${c.toLowerCase()}`),
  };
}

/** Relative path → content of every file of a new app. */
export function scaffoldFiles(n: AppNames): Record<string, string> {
  const files: Record<string, string> = {};
  files['index.ts'] = `import { join } from 'node:path';
import { defineApp } from 'express-generic-views';
import { ${n.model} } from './entities';

/**
 * The ${n.label} app. In settings: add it to installedApps, its entities to the DataSource
 * (\`entities: [...${n.variable}.entities]\`), and \`path('${n.label}/', ${n.label}Urls)\` to rootUrlconf.
 */
export const ${n.variable} = defineApp({
  label: '${n.label}',
  entities: [${n.model}],
  templates: join(__dirname, 'templates'),
  migrations: join(__dirname, 'migrations'),
});

export { urlpatterns as ${n.label}Urls } from './urls';
`;
  files['entities.ts'] = `import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An example entity: rename it, add columns, then run makemigrations and migrate. */
@Entity('${n.label}_${n.modelLower}')
export class ${n.model} {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('varchar', { length: 200 })
  title!: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
`;
  files['views.ts'] = `import { DetailView, ListView } from 'express-generic-views';
import { ${n.model} } from './entities';

/** Every ${n.modelLower}, newest first; template ${n.label}/${n.modelLower}_list.pug. */
export class ${n.model}ListView extends ListView<${n.model}> {
  override model = ${n.model};
  override ordering: string | string[] | null = ['-createdAt', '-id'];
  override paginateBy: number | null = 20;
}

/** One ${n.modelLower} by primary key; template ${n.label}/${n.modelLower}_detail.pug. */
export class ${n.model}DetailView extends DetailView<${n.model}> {
  override model = ${n.model};
}
`;
  files['urls.ts'] = `import { include, path } from 'express-generic-views';
import { ${n.model}DetailView, ${n.model}ListView } from './views';

/** The URLs of the ${n.label} app, reversed as '${n.label}:${n.urlName}-list' and '${n.label}:${n.urlName}-detail'. */
export const urlpatterns = include(
  [
    path('', ${n.model}ListView.asView(), { name: '${n.urlName}-list' }),
    path('<int:pk>/', ${n.model}DetailView.asView(), { name: '${n.urlName}-detail' }),
  ],
  { namespace: '${n.label}' },
);
`;
  files[`templates/${n.label}/${n.modelLower}_list.pug`] = `doctype html
html(lang='en')
  head
    meta(charset='utf-8')
    title ${n.model} list
  body
    h1 ${n.model} list
    ul
      each item in objectList
        li: a(href=url('${n.label}:${n.urlName}-detail', { kwargs: { pk: item.id } }))= item.title
      else
        li Nothing yet.
`;
  files[`templates/${n.label}/${n.modelLower}_detail.pug`] = `doctype html
html(lang='en')
  head
    meta(charset='utf-8')
    title= object.title
  body
    h1= object.title
    p: a(href=url('${n.label}:${n.urlName}-list')) Back to the list
`;
  files['migrations/.gitkeep'] = '';
  files[`tests/${n.label}.test.ts`] = `import 'reflect-metadata';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp, path } from 'express-generic-views';
import { ${n.variable}, ${n.label}Urls } from '..';
import { ${n.model} } from '../entities';

describe('${n.label}', () => {
  const dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [...${n.variable}.entities], synchronize: true });
  const app = createApp({
    debug: true,
    secretKey: 'test-secret',
    installedApps: [${n.variable}],
    dataSource,
    rootUrlconf: [path('${n.label}/', ${n.label}Urls)],
  });
  beforeAll(() => app.ready());
  afterAll(() => dataSource.destroy());

  it('lists ${n.modelLower}s and shows one', async () => {
    const item = await dataSource.getRepository(${n.model}).save({ title: 'First' });
    const list = await request(app).get('/${n.label}/');
    expect(list.status).toBe(200);
    expect(list.text).toContain('First');
    const detail = await request(app).get(\`/${n.label}/\${item.id}/\`);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain('<h1>First</h1>');
  });
});
`;
  return files;
}
