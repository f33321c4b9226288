import type { DataSource } from 'typeorm';
import type { AppRegistry } from '../conf/apps';
import type { NormalizedSettings } from '../conf/settings';
import type { HttpRequest } from '../http/request';
import type { HttpResponse } from '../http/response';
import { registerDatabase } from './context';
import { applyDatabaseTimeouts } from './timeouts';
import { viewWrapper } from './transaction';

/**
 * Set up the data access of an app (called once by createApp): record its DataSource, installed
 * apps and secret key under `config` (the app's `request.config`), give a DataSource the app
 * will initialise its timeouts (see applyDatabaseTimeouts), and return the hook that
 * wraps each view call (current database scope; one transaction per view with `atomicRequests`).
 */
export function installDatabase(
  config: object,
  settings: NormalizedSettings,
  apps: AppRegistry,
): (request: HttpRequest, call: () => Promise<HttpResponse>) => Promise<HttpResponse> {
  joinAppEntities(settings.dataSource as DataSource | undefined, apps);
  applyDatabaseTimeouts(
    settings.dataSource as DataSource | undefined,
    { connectTimeout: settings.databaseConnectTimeout, statementTimeout: settings.databaseStatementTimeout },
    settings.logger,
  );
  const database = registerDatabase(config, {
    dataSource: settings.dataSource as DataSource | undefined,
    apps,
    secretKey: settings.secretKey,
    logger: settings.logger,
  });
  return viewWrapper(database, settings.atomicRequests);
}

/**
 * Add the installed apps' entities (contrib apps included) to the DataSource, as Django's
 * INSTALLED_APPS bring their models: once, before it is initialised. An initialised DataSource
 * is left as it is; its entities are the user's to list.
 */
function joinAppEntities(dataSource: DataSource | undefined, apps: AppRegistry): void {
  if (!dataSource || dataSource.isInitialized) return;
  const appEntities = apps.entities();
  if (appEntities.length === 0) return;
  const existing = dataSource.options.entities;
  if (existing !== undefined && !Array.isArray(existing)) return; // An entity map or schema object: left to the user.
  const merged = [...(existing ?? [])];
  for (const entity of appEntities) if (!merged.includes(entity)) merged.push(entity);
  if (merged.length !== (existing ?? []).length) dataSource.setOptions({ entities: merged } as Partial<DataSource['options']>);
}
