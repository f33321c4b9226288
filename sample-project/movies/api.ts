import type { SelectQueryBuilder } from 'typeorm';
import { Http404, JsonResponse, Paginator, View, currentManager, reverse, type HttpRequest } from 'express-generic-views';
import { Screening } from '../screenings/entities';
import { seatsLeftByScreening } from '../screenings/capacity';
import type { Movie } from './entities';
import { filterMovies, moviesWithGenres } from './views';

function movieJson(request: HttpRequest, movie: Movie) {
  return {
    title: movie.title,
    slug: movie.slug,
    releasedOn: movie.releasedOn,
    runtime: movie.runtime,
    genres: (movie.genres ?? []).map((g) => g.name).sort(),
    url: request.buildAbsoluteUri(reverse('movies:detail', { kwargs: { slug: movie.slug } })),
  };
}

/**
 * `GET /api/movies/?q=&genre=&page=`: the movie list as JSON (a View returning JsonResponse), 20
 * per page, with absolute `next` and `previous` links. A page out of range is a JSON 404.
 */
export class MovieListApi extends View {
  async get(request: HttpRequest) {
    const qb = filterMovies(moviesWithGenres(currentManager(request)), (request.GET.get('q') ?? '').trim(), (request.GET.get('genre') ?? '').trim());
    qb.orderBy('movie.title').addOrderBy('movie.id');
    const paginator = new Paginator<Movie>(qb as SelectQueryBuilder<Movie>, 20);
    const number = Number(request.GET.get('page') ?? '1');
    const pages = await paginator.anumPages();
    if (!Number.isInteger(number) || number < 1 || number > pages) {
      return new JsonResponse({ error: `There is no page ${request.GET.get('page')}; pages go from 1 to ${pages}.` }, { status: 404 });
    }
    const page = await paginator.page(number);
    const link = (n: number) => {
      const query = new URLSearchParams(request.GET.urlencode());
      query.set('page', String(n));
      return request.buildAbsoluteUri(`${request.path}?${query}`);
    };
    return new JsonResponse({
      count: await paginator.acount(),
      page: number,
      numPages: pages,
      next: page.hasNext() ? link(page.nextPageNumber()) : null,
      previous: page.hasPrevious() ? link(page.previousPageNumber()) : null,
      results: page.objectList.map((movie) => movieJson(request, movie)),
    });
  }
}

/** `GET /api/movies/<slug>/`: one movie and its coming screenings with the seats left, as JSON. */
export class MovieDetailApi extends View {
  async get(request: HttpRequest) {
    const manager = currentManager(request);
    const movie = await moviesWithGenres(manager).where('movie.slug = :slug', { slug: this.kwargs.slug }).getOne();
    if (!movie) throw new Http404(`No movie with the slug '${String(this.kwargs.slug)}'.`);
    const screenings = await manager
      .getRepository(Screening)
      .createQueryBuilder('screening')
      .innerJoinAndSelect('screening.room', 'room')
      .where('screening.movie_id = :id', { id: movie.id })
      .andWhere('screening.startsAt >= :now', { now: new Date() })
      .orderBy('screening.startsAt')
      .getMany();
    const left = await seatsLeftByScreening(manager, screenings);
    return new JsonResponse({
      ...movieJson(request, movie),
      synopsis: movie.synopsis,
      screenings: screenings.map((s) => ({
        id: s.id,
        startsAt: s.startsAt.toISOString(),
        room: s.room.name,
        price: s.priceCents / 100,
        seatsLeft: left.get(s.id) ?? s.room.seats,
        bookUrl: request.buildAbsoluteUri(reverse('bookings:book', { kwargs: { screening: s.id } })),
      })),
    });
  }
}
