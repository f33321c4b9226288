import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from 'express-generic-views';
import { Screening } from '../screenings/entities';

/** Seats a user booked for a screening. */
@Entity('bookings_booking')
export class Booking {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToOne(() => User, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user!: User;
  @ManyToOne(() => Screening, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'screening_id' })
  screening!: Screening;
  @Column('integer') seats!: number;
  @CreateDateColumn({ name: 'created_at' }) createdAt!: Date;
}
