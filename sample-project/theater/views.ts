import {
  LoginView,
  LogoutView,
  TemplateView,
  currentManager,
  messages,
  requestUser,
  type AuthenticationForm,
  type HttpRequest,
  type HttpResponse,
} from 'express-generic-views';
import { Movie } from '../movies/entities';
import { Screening } from '../screenings/entities';
import { seatsLeftByScreening } from '../screenings/capacity';
import { screeningsWithMovie } from '../screenings/views';
import { DEMO_USERS } from './seed';

/**
 * The home page (TemplateView): the next screenings, the movies now showing, and a few numbers.
 * In debug (the template checks `debug`) it also shows the demo accounts the seed creates.
 */
export class HomeView extends TemplateView {
  override templateName = 'theater/home.pug';

  override async getContextData(kwargs: Record<string, unknown> = {}) {
    const manager = currentManager(this.request);
    const now = new Date();
    const upcoming = await screeningsWithMovie(manager)
      .where('screening.startsAt >= :now', { now })
      .orderBy('screening.startsAt')
      .addOrderBy('room.name')
      .limit(8)
      .getMany();
    const showing = await manager
      .getRepository(Movie)
      .createQueryBuilder('movie')
      .leftJoinAndSelect('movie.genres', 'genre')
      .where((qb) => {
        const sub = qb.subQuery().select('1').from(Screening, 's').where('s.movie_id = movie.id').andWhere('s.starts_at >= :now').getQuery();
        return `EXISTS ${sub}`;
      })
      .setParameter('now', now)
      .orderBy('movie.releasedOn', 'DESC')
      .addOrderBy('movie.id')
      .take(10)
      .getMany();
    return super.getContextData({
      ...kwargs,
      upcoming,
      seatsLeft: Object.fromEntries(await seatsLeftByScreening(manager, upcoming)),
      showing,
      movieCount: await manager.getRepository(Movie).count(),
      demoUsers: DEMO_USERS,
    });
  }
}

/** Django's LoginView with a welcome message. Template: `registration/login.pug`. */
export class TheaterLoginView extends LoginView {
  override async formValid(form: AuthenticationForm): Promise<HttpResponse> {
    const response = await super.formValid(form);
    const user = form.getUser() as { firstName?: string; username: string };
    messages.success(this.request, `Welcome back, ${user.firstName || user.username}.`);
    return response;
  }
}

/** Django's LogoutView (POST only) with a goodbye message. */
export class TheaterLogoutView extends LogoutView {
  override async post(request: HttpRequest): Promise<HttpResponse> {
    const wasLoggedIn = (await requestUser(request)).isAuthenticated;
    const response = await super.post(request);
    if (wasLoggedIn) messages.info(request, 'You are logged out. See you soon!');
    return response;
  }
}
