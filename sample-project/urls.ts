import { include, path, type UrlPattern } from 'express-generic-views';
import { bookingUrls } from './bookings/urls';
import { apiUrls, movieUrls } from './movies/urls';
import { scheduleUrls } from './screenings/urls';
import { HomeView, TheaterLoginView, TheaterLogoutView } from './theater/views';

/** The project's root urlconf (Django's ROOT_URLCONF). Templates build links with `url('movies:detail', …)`. */
export const urlpatterns: UrlPattern[] = [
  path('', HomeView.asView(), { name: 'home' }),
  path('movies/', include(movieUrls, { namespace: 'movies' })),
  path('schedule/', include(scheduleUrls, { namespace: 'schedule' })),
  path('bookings/', include(bookingUrls, { namespace: 'bookings' })),
  path('accounts/login/', TheaterLoginView.asView(), { name: 'login' }),
  path('accounts/logout/', TheaterLogoutView.asView(), { name: 'logout' }),
  path('api/', include(apiUrls, { namespace: 'api' })),
];
