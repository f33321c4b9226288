import { join } from 'node:path';
import { defineApp } from 'express-generic-views';
import { Booking } from './entities';

/** The bookings app: seats booked by users. */
export const bookingsApp = defineApp({ label: 'bookings', entities: [Booking], templates: join(__dirname, 'templates') });
