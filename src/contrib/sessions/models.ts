import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A stored session (Django's django_session table): the key, the data as JSON, and when it
 * expires. Listed by `sessionsApp`; its table must exist for `session: { store: 'db' }`.
 */
@Entity('django_session')
export class DjangoSession {
  @PrimaryColumn('varchar', { name: 'session_key', length: 40 })
  sessionKey!: string;

  @Column('text', { name: 'session_data' })
  sessionData!: string;

  @Index('django_session_expire_date_idx')
  @Column({ type: Date, name: 'expire_date' })
  expireDate!: Date;
}
