import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Movie } from '../movies/entities';

/** A room of the theater and how many seats it has. */
@Entity('screenings_room')
export class Room {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 50, unique: true }) name!: string;
  @Column('integer') seats!: number;

  toString(): string {
    return this.name;
  }
}

/** One showing of a movie in a room, at a time. Its bookings may not exceed the room's seats. */
@Entity('screenings_screening')
export class Screening {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToOne(() => Movie, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'movie_id' })
  movie!: Movie;
  @ManyToOne(() => Room, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id' })
  room!: Room;
  /** `type: Date` is a `datetime` on SQLite and a `timestamp` on PostgreSQL. */
  @Index() @Column({ type: Date, name: 'starts_at' }) startsAt!: Date;
  /** Price of a seat, in cents. */
  @Column('integer', { name: 'price_cents' }) priceCents!: number;
}
