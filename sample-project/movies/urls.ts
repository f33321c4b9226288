import { path, type UrlPattern } from 'express-generic-views';
import { MovieDetailApi, MovieListApi } from './api';
import { MovieCreate, MovieDelete, MovieDetail, MovieList, MovieUpdate } from './views';

/** The movies app's pages (namespace `movies`). `add/` comes before the slug patterns it would match. */
export const movieUrls: UrlPattern[] = [
  path('', MovieList.asView(), { name: 'list' }),
  path('add/', MovieCreate.asView(), { name: 'create' }),
  path('<slug:slug>/', MovieDetail.asView(), { name: 'detail' }),
  path('<slug:slug>/edit/', MovieUpdate.asView(), { name: 'update' }),
  path('<slug:slug>/delete/', MovieDelete.asView(), { name: 'delete' }),
];

/** The JSON endpoints (namespace `api`). */
export const apiUrls: UrlPattern[] = [
  path('movies/', MovieListApi.asView(), { name: 'movies' }),
  path('movies/<slug:slug>/', MovieDetailApi.asView(), { name: 'movie' }),
];
