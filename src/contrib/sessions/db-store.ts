import { LessThan, MoreThan, type DataSource, type Repository } from 'typeorm';
import { ImproperlyConfigured } from '../../http/exceptions';
import { DjangoSession } from './models';
import { CreateError, UpdateError, type SessionData, type SessionStore } from './store';

function decode(text: string): SessionData | null {
  try {
    const data = JSON.parse(text);
    return data && typeof data === 'object' && !Array.isArray(data) ? data : {};
  } catch {
    // Unreadable data (e.g. a row written by Django itself) is an empty session, not a crash.
    return {};
  }
}

/**
 * Sessions in the database, in the DjangoSession entity (Django's db backend). Expired rows are
 * ignored when read; `clearExpiredSessions()` deletes them.
 */
export class DatabaseSessionStore implements SessionStore {
  constructor(private readonly dataSource: DataSource) {}

  private repository(): Repository<DjangoSession> {
    if (!this.dataSource.hasMetadata(DjangoSession)) {
      throw new ImproperlyConfigured(
        "session: { store: 'db' } needs the DjangoSession entity: add sessionsApp to installedApps and its entities to the DataSource (entities: [...sessionsApp.entities, …]), or use session: { store: 'cookie' }.",
      );
    }
    return this.dataSource.getRepository(DjangoSession);
  }

  async load(key: string): Promise<SessionData | null> {
    const row = await this.repository().findOne({ where: { sessionKey: key, expireDate: MoreThan(new Date()) } });
    return row ? decode(row.sessionData) : null;
  }

  async save(key: string | null, data: SessionData, expiresAt: Date, mustCreate: boolean): Promise<string> {
    if (key === null) throw new TypeError('DatabaseSessionStore.save() needs a key.');
    const repository = this.repository();
    const sessionData = JSON.stringify(data);
    if (mustCreate) {
      try {
        await repository.insert({ sessionKey: key, sessionData, expireDate: expiresAt });
      } catch (error) {
        if (await this.exists(key)) throw new CreateError(`Session key ${key.slice(0, 4)}… exists.`);
        throw error;
      }
      return key;
    }
    const result = await repository.update({ sessionKey: key }, { sessionData, expireDate: expiresAt });
    if (result.affected === 0) throw new UpdateError('The session no longer exists.');
    return key;
  }

  async exists(key: string): Promise<boolean> {
    return (await this.repository().count({ where: { sessionKey: key } })) > 0;
  }

  async delete(key: string): Promise<void> {
    const repository = this.repository();
    await repository.delete({ sessionKey: key });
  }

  async clearExpired(): Promise<number> {
    const repository = this.repository();
    const result = await repository.delete({ expireDate: LessThan(new Date()) });
    return result.affected ?? 0;
  }
}
