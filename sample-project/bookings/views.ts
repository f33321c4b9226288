import type { EntityManager } from 'typeorm';
import {
  DeleteView,
  FormView,
  HttpResponseRedirect,
  ListView,
  LoginRequiredMixin,
  PermissionDenied,
  atomic,
  currentManager,
  getObjectOr404,
  messages,
  requestUser,
  reverse,
  reverseLazy,
  type Form,
  type FormKwargs,
  type HttpRequest,
  type HttpResponse,
} from 'express-generic-views';
import { Screening } from '../screenings/entities';
import { seatsLeft } from '../screenings/capacity';
import { screeningsWithMovie } from '../screenings/views';
import { fmt } from '../theater/format';
import { Booking } from './entities';
import { BookingForm } from './forms';

/** The bookings of user `userId`, with screening, movie and room, soonest first. */
export function bookingsOf(manager: EntityManager, userId: number) {
  return manager
    .getRepository(Booking)
    .createQueryBuilder('booking')
    .innerJoinAndSelect('booking.screening', 'screening')
    .innerJoinAndSelect('screening.movie', 'movie')
    .innerJoinAndSelect('screening.room', 'room')
    .where('booking.user_id = :userId', { userId });
}

/** The page's screening and its free seats, loaded before the form is made. */
class BookingPage extends FormView<BookingForm> {
  override templateName = 'bookings/booking_form.pug';
  override formClass = BookingForm;
  screening!: Screening;
  seatsLeft = 0;

  override async dispatch(request: HttpRequest): Promise<HttpResponse> {
    const manager = currentManager(request);
    this.screening = await getObjectOr404(screeningsWithMovie(manager), { id: this.kwargs.screening });
    this.seatsLeft = await seatsLeft(manager, this.screening);
    return super.dispatch(request);
  }

  /** Whether the screening has started. */
  get closed(): boolean {
    return this.screening.startsAt.getTime() <= Date.now();
  }

  override async getFormKwargs(): Promise<FormKwargs> {
    return { ...(await super.getFormKwargs()), seatsLeft: this.seatsLeft, closed: this.closed };
  }

  override async getContextData(kwargs: Record<string, unknown> = {}) {
    return super.getContextData({ ...kwargs, screening: this.screening, seatsLeft: this.seatsLeft, closed: this.closed });
  }

  /**
   * Book in one transaction: the seats left are counted again (with the screening's row locked
   * on PostgreSQL; SQLite runs one write transaction at a time), so two people booking the last
   * seats at once cannot both get them.
   */
  override async formValid(form: Form): Promise<HttpResponse> {
    const seats = form.cleanedData.seats as number;
    const user = (await requestUser(this.request)) as { id: number };
    const screening = this.screening;
    const refused = await atomic(async (manager) => {
      if (manager.connection.options.type === 'postgres') {
        await manager.getRepository(Screening).createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id: screening.id }).getOne();
      }
      const left = await seatsLeft(manager, screening);
      if (seats > left) return left;
      await manager.getRepository(Booking).insert({ user: { id: user.id }, screening: { id: screening.id }, seats });
      return null;
    }, this.request);
    if (refused !== null) {
      form.addError('seats', refused === 0 ? 'This screening is sold out.' : `Only ${refused} seat${refused === 1 ? ' is' : 's are'} left.`);
      this.seatsLeft = refused;
      return this.formInvalid(form);
    }
    const when = `${fmt.day(screening.startsAt)} at ${fmt.time(screening.startsAt)}`;
    messages.success(this.request, `Booked ${seats} seat${seats === 1 ? '' : 's'} for “${screening.movie.title}” on ${when} (${screening.room.name}).`);
    return new HttpResponseRedirect(reverse('bookings:mine'));
  }
}

/** `/bookings/book/<screening>/`: book seats (FormView; logged-in users only). */
export class BookingCreate extends LoginRequiredMixin(BookingPage) {}

/** `/bookings/`: the user's own bookings (ListView filtered to request.user; logged-in users only). */
export class MyBookings extends LoginRequiredMixin(ListView<Booking>) {
  override paginateBy = 20;
  override templateName = 'bookings/booking_list.pug';

  override async getQueryset() {
    const user = (await requestUser(this.request)) as { id: number };
    return bookingsOf(currentManager(this.request), user.id).orderBy('screening.startsAt', 'DESC').addOrderBy('booking.id', 'DESC');
  }

  override async getContextData(kwargs: Record<string, unknown> = {}) {
    return super.getContextData({ ...kwargs, now: new Date() });
  }
}

/**
 * `/bookings/<pk>/cancel/`: confirm, then cancel one of the user's own bookings (DeleteView). Other
 * users' bookings are a 404 (they are not in the queryset); a started screening cannot be cancelled.
 */
export class BookingCancel extends LoginRequiredMixin(DeleteView<Booking>) {
  override successUrl = reverseLazy('bookings:mine');

  override async getQueryset() {
    const user = (await requestUser(this.request)) as { id: number };
    return bookingsOf(currentManager(this.request), user.id);
  }

  override async getObject(): Promise<Booking> {
    const booking = (await super.getObject()) as Booking;
    if (booking.screening.startsAt.getTime() <= Date.now()) throw new PermissionDenied('This screening has started: its bookings can no longer be cancelled.');
    return booking;
  }

  override async formValid(form: Form): Promise<HttpResponse> {
    const booking = this.object as Booking;
    const response = await super.formValid(form);
    messages.success(this.request, `Your booking for “${booking.screening.movie.title}” was cancelled.`);
    return response;
  }
}
