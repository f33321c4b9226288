import { Column, CreateDateColumn, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { IsOptional, Matches, Max, Min } from 'class-validator';
import { reverse } from 'express-generic-views';

/**
 * The movies app's models. Column types are explicit: the sample runs under tsx (esbuild),
 * which emits no decorator metadata, and the same entities serve SQLite and PostgreSQL.
 */

/** A genre (Drama, Comedy…): movies have several. */
@Entity('movies_genre')
export class Genre {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 50, unique: true }) name!: string;
  @Column('varchar', { length: 50, unique: true }) slug!: string;

  toString(): string {
    return this.name;
  }
}

/** Someone who acts in or works on movies. */
@Entity('movies_person')
export class Person {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 100 }) name!: string;

  toString(): string {
    return this.name;
  }
}

/** A movie: what the theater shows. Looked up by `slug` in URLs. */
@Entity('movies_movie')
export class Movie {
  @PrimaryGeneratedColumn() id!: number;
  @Index() @Column('varchar', { length: 200 }) title!: string;
  /** Lowercase letters, digits and dashes (the modelForm runs these class-validator checks too). */
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'Use lowercase letters, digits and single dashes.' })
  @Column('varchar', { length: 200, unique: true })
  slug!: string;
  @Index() @Column('date', { name: 'released_on' }) releasedOn!: string;
  /** Minutes. */
  @Min(1) @Max(600) @Column('integer') runtime!: number;
  @IsOptional() @Column('text', { default: '' }) synopsis: string = '';
  @ManyToMany(() => Genre)
  @JoinTable({ name: 'movies_movie_genres', joinColumn: { name: 'movie_id' }, inverseJoinColumn: { name: 'genre_id' } })
  genres!: Genre[];
  @OneToMany(() => Credit, (credit) => credit.movie)
  credits!: Credit[];
  @CreateDateColumn({ name: 'created_at' }) createdAt!: Date;

  /** The movie's page (used by CreateView/UpdateView after saving, and by templates). */
  getAbsoluteUrl(): string {
    return reverse('movies:detail', { kwargs: { slug: this.slug } });
  }
}

/** Whether a credit is in front of the camera or behind it. */
export type CreditKind = 'cast' | 'crew';

/** A person's part in a movie: a role played (cast) or a job done (crew). */
@Entity('movies_credit')
export class Credit {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToOne(() => Movie, (movie) => movie.credits, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'movie_id' })
  movie!: Movie;
  @ManyToOne(() => Person, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person!: Person;
  @Column('varchar', { length: 4 }) kind!: CreditKind;
  /** The character (cast) or the job (crew): 'Director', 'Composer'… */
  @Column('varchar', { length: 100 }) role!: string;
  /** Billing order. */
  @Column('integer', { default: 0 }) position: number = 0;
}
