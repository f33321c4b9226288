import type { EntityManager } from 'typeorm';
import { CheckboxSelectMultiple, DateInput, Textarea, modelForm, type ModelFormOptions } from 'express-generic-views';
import { Genre, Movie } from './entities';

/**
 * The staff's movie form (a modelForm): fields, labels and widgets come from the entity's
 * columns (lengths, NOT NULL, the unique slug, the genres many-to-many) and its class-validator
 * checks (slug pattern, runtime range). Genres are offered in name order.
 */
export class MovieForm extends modelForm(Movie, {
  fields: ['title', 'slug', 'releasedOn', 'runtime', 'synopsis', 'genres'],
  labels: { releasedOn: 'Release date', runtime: 'Runtime (minutes)' },
  helpTexts: { slug: 'The movie’s address: /movies/<slug>/. Lowercase letters, digits and dashes.' },
  widgets: { releasedOn: new DateInput(), synopsis: new Textarea({ rows: 5 }), genres: new CheckboxSelectMultiple() },
}) {
  constructor(options: ModelFormOptions<Movie> = {}) {
    super(options);
    this.fields.genres.related!.queryset = (m: EntityManager) => m.getRepository(Genre).createQueryBuilder('g').orderBy('g.name');
  }
}
