import { IsInt, Max, Min } from 'class-validator';
import { Field, Form, type FormOptions } from 'express-generic-views';

/** The most seats one booking may take. */
export const MAX_SEATS_PER_BOOKING = 10;

/** What the booking view tells its form besides the posted data. */
export interface BookingFormOptions extends FormOptions {
  /** Seats still free in the screening. */
  seatsLeft?: number;
  /** The screening has started: nothing can be booked any more. */
  closed?: boolean;
}

/**
 * How many seats to book. The field's own checks (a whole number from 1 to 10) come from
 * class-validator; `clean()` checks the seats against what is left in the room.
 */
export class BookingForm extends Form {
  @Field({ type: 'integer', label: 'Seats', helpText: `Up to ${MAX_SEATS_PER_BOOKING} per booking.`, initial: 2 })
  @IsInt()
  @Min(1)
  @Max(MAX_SEATS_PER_BOOKING)
  seats!: number;

  readonly seatsLeft: number;
  readonly closed: boolean;

  constructor(options: BookingFormOptions = {}) {
    const { seatsLeft, closed, ...rest } = options;
    super(rest);
    this.seatsLeft = seatsLeft ?? 0;
    this.closed = closed ?? false;
  }

  override clean(): void {
    if (this.closed) {
      this.addError(null, 'This screening has started: it can no longer be booked.');
      return;
    }
    const seats = this.cleanedData.seats as number | undefined;
    if (seats === undefined) return;
    if (this.seatsLeft === 0) this.addError('seats', 'This screening is sold out.');
    else if (seats > this.seatsLeft) this.addError('seats', `Only ${this.seatsLeft} seat${this.seatsLeft === 1 ? ' is' : 's are'} left.`);
  }
}
