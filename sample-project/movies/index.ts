import { join } from 'node:path';
import { defineApp } from 'express-generic-views';
import { Credit, Genre, Movie, Person } from './entities';

/** The movies app: Movie, Genre, Person and their Credits (cast and crew). */
export const moviesApp = defineApp({ label: 'movies', entities: [Movie, Genre, Person, Credit], templates: join(__dirname, 'templates') });
