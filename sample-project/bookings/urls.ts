import { path, type UrlPattern } from 'express-generic-views';
import { BookingCancel, BookingCreate, MyBookings } from './views';

/** The bookings app's URLs (namespace `bookings`). */
export const bookingUrls: UrlPattern[] = [
  path('', MyBookings.asView(), { name: 'mine' }),
  path('book/<int:screening>/', BookingCreate.asView(), { name: 'book' }),
  path('<int:pk>/cancel/', BookingCancel.asView(), { name: 'cancel' }),
];
