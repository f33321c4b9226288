import type { EntityManager } from 'typeorm';
import { Booking } from '../bookings/entities';
import type { Screening } from './entities';

/** Seats booked per screening id, for the given screenings (one query). */
export async function bookedSeats(manager: EntityManager, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows: Array<{ screeningId: number | string; seats: number | string }> = await manager
    .getRepository(Booking)
    .createQueryBuilder('booking')
    .select('booking.screening_id', 'screeningId')
    .addSelect('SUM(booking.seats)', 'seats')
    .where('booking.screening_id IN (:...ids)', { ids })
    .groupBy('booking.screening_id')
    .getRawMany();
  // PostgreSQL returns SUM() of integers as a bigint string.
  return new Map(rows.map((r) => [Number(r.screeningId), Number(r.seats)]));
}

/** Seats left per screening id (`room.seats` minus the booked seats); the screenings need their room loaded. */
export async function seatsLeftByScreening(manager: EntityManager, screenings: Screening[]): Promise<Map<number, number>> {
  const booked = await bookedSeats(manager, screenings.map((s) => s.id));
  return new Map(screenings.map((s) => [s.id, Math.max(0, s.room.seats - (booked.get(s.id) ?? 0))]));
}

/** Seats left for one screening (its room loaded). */
export async function seatsLeft(manager: EntityManager, screening: Screening): Promise<number> {
  return (await seatsLeftByScreening(manager, [screening])).get(screening.id) ?? 0;
}
