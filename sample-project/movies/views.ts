import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import {
  CreateView,
  DeleteView,
  DetailView,
  ListView,
  PermissionRequiredMixin,
  UpdateView,
  currentManager,
  messages,
  reverse,
  reverseLazy,
  type Form,
  type HttpRequest,
  type HttpResponse,
} from 'express-generic-views';
import { Screening } from '../screenings/entities';
import { Credit, Genre, Movie } from './entities';
import { MovieForm } from './forms';

/** The orderings the list offers: `?ordering=<key>`. The first is the default. */
export const MOVIE_ORDERINGS: ReadonlyArray<{ key: string; label: string; fields: string[] }> = [
  { key: 'title', label: 'Title', fields: ['title', 'id'] },
  { key: '-releasedOn', label: 'Newest', fields: ['-releasedOn', 'title', 'id'] },
  { key: 'releasedOn', label: 'Oldest', fields: ['releasedOn', 'title', 'id'] },
  { key: 'runtime', label: 'Shortest', fields: ['runtime', 'title', 'id'] },
];

/** Movies with their genres, the base query of the list and detail pages. */
export const moviesWithGenres = (m: EntityManager): SelectQueryBuilder<Movie> =>
  m.getRepository(Movie).createQueryBuilder('movie').leftJoinAndSelect('movie.genres', 'genre');

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Narrow a movie query to `?q=` (title contains, any case) and `?genre=<slug>`; the filters the
 * list page and the JSON endpoint share.
 */
export function filterMovies(qb: SelectQueryBuilder<Movie>, q: string, genre: string): SelectQueryBuilder<Movie> {
  if (q) qb.andWhere("LOWER(movie.title) LIKE :q ESCAPE '\\'", { q: likePattern(q) });
  if (genre) qb.innerJoin('movie.genres', 'onlyGenre', 'onlyGenre.slug = :genre', { genre });
  return qb;
}

/**
 * The movie list (ListView): 12 per page, `?ordering=` (title, newest, oldest, shortest), `?q=`
 * search in titles and `?genre=` filter. The context adds the genres, the current filters and
 * `listUrl(changes)`, which builds this page's URL with some parameters changed (for the
 * pagination, ordering and genre links).
 */
export class MovieList extends ListView<Movie> {
  override queryset = moviesWithGenres;
  override paginateBy = 12;

  /** The trimmed `?q=`, `?genre=` and ordering key of this request. */
  filters() {
    const q = (this.request.GET.get('q') ?? '').trim().slice(0, 100);
    const genre = (this.request.GET.get('genre') ?? '').trim();
    const wanted = this.request.GET.get('ordering');
    const ordering = MOVIE_ORDERINGS.find((o) => o.key === wanted) ?? MOVIE_ORDERINGS[0];
    return { q, genre, ordering };
  }

  override getOrdering() {
    return this.filters().ordering.fields;
  }

  override async getQueryset() {
    const { q, genre } = this.filters();
    return filterMovies((await super.getQueryset()) as SelectQueryBuilder<Movie>, q, genre);
  }

  override async getContextData(kwargs: Record<string, unknown> = {}) {
    const { q, genre, ordering } = this.filters();
    const genres = await currentManager(this.request).getRepository(Genre).find({ order: { name: 'ASC' } });
    const current = { q, genre, ordering: ordering.key === MOVIE_ORDERINGS[0].key ? '' : ordering.key };
    const listUrl = (changes: Record<string, string | number> = {}) => {
      const query = Object.entries({ ...current, page: '', ...changes }).filter(([key, v]) => v !== '' && !(key === 'page' && String(v) === '1'));
      return reverse('movies:list', { query });
    };
    return super.getContextData({
      ...kwargs,
      q,
      genres,
      currentGenre: genres.find((g) => g.slug === genre) ?? null,
      ordering: ordering.key,
      orderings: MOVIE_ORDERINGS,
      listUrl,
    });
  }
}

/**
 * A movie's page by slug (DetailView): genres, cast and crew, and its coming screenings with
 * links to book them.
 */
export class MovieDetail extends DetailView<Movie> {
  override queryset = moviesWithGenres;

  override async getContextData(kwargs: Record<string, unknown> = {}) {
    const movie = this.object as Movie;
    const manager = currentManager(this.request);
    const credits = await manager
      .getRepository(Credit)
      .createQueryBuilder('credit')
      .innerJoinAndSelect('credit.person', 'person')
      .where('credit.movie_id = :id', { id: movie.id })
      .orderBy('credit.position')
      .addOrderBy('credit.id')
      .getMany();
    const screenings = await manager
      .getRepository(Screening)
      .createQueryBuilder('screening')
      .innerJoinAndSelect('screening.room', 'room')
      .where('screening.movie_id = :id', { id: movie.id })
      .andWhere('screening.startsAt >= :now', { now: new Date() })
      .orderBy('screening.startsAt')
      .addOrderBy('room.name')
      .limit(30)
      .getMany();
    return super.getContextData({
      ...kwargs,
      cast: credits.filter((c) => c.kind === 'cast'),
      crew: credits.filter((c) => c.kind === 'crew'),
      screenings,
    });
  }
}

/** Adds a success message to a redirect after a saved form (a re-rendered form gets none). */
async function withMessage(response: HttpResponse, request: HttpRequest, text: string): Promise<HttpResponse> {
  if (response.statusCode >= 300 && response.statusCode < 400) messages.success(request, text);
  return response;
}

/** Staff only (`movies.add_movie`): a new movie, then its page. */
export class MovieCreate extends PermissionRequiredMixin(CreateView<Movie>) {
  override permissionRequired = 'movies.add_movie';
  override model = Movie;
  override formClass = MovieForm;

  override async formValid(form: Form): Promise<HttpResponse> {
    const response = await super.formValid(form);
    return withMessage(response, this.request, `“${(this.object as Movie).title}” was added.`);
  }
}

/** Staff only (`movies.change_movie`): edit a movie, then its page. */
export class MovieUpdate extends PermissionRequiredMixin(UpdateView<Movie>) {
  override permissionRequired = 'movies.change_movie';
  override queryset = moviesWithGenres;
  override formClass = MovieForm;

  override async formValid(form: Form): Promise<HttpResponse> {
    const response = await super.formValid(form);
    return withMessage(response, this.request, `“${(this.object as Movie).title}” was saved.`);
  }
}

/** Staff only (`movies.delete_movie`): confirm, delete (its screenings and bookings go too), back to the list. */
export class MovieDelete extends PermissionRequiredMixin(DeleteView<Movie>) {
  override permissionRequired = 'movies.delete_movie';
  override model = Movie;
  override successUrl = reverseLazy('movies:list');

  override async getContextData(kwargs: Record<string, unknown> = {}) {
    const movie = this.object as Movie;
    const screenings = await currentManager(this.request).getRepository(Screening).countBy({ movie: { id: movie.id } });
    return super.getContextData({ ...kwargs, screeningCount: screenings });
  }

  override async formValid(form: Form): Promise<HttpResponse> {
    const title = (this.object as Movie).title;
    const response = await super.formValid(form);
    return withMessage(response, this.request, `“${title}” was deleted.`);
  }
}
