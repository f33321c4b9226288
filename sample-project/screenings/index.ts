import { join } from 'node:path';
import { defineApp } from 'express-generic-views';
import { Room, Screening } from './entities';

/** The screenings app: rooms and the schedule. */
export const screeningsApp = defineApp({ label: 'screenings', entities: [Room, Screening], templates: join(__dirname, 'templates') });
