import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Language, OpeningHours } from '@casework/contracts';

@Entity('offices')
export class Office {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'region_id', type: 'uuid' }) regionId: string;
  @Column('text') code: string;
  @Column('text') name: string;
  @Column({ name: 'time_zone', type: 'text' }) timeZone: string;
  @Column('text') language: Language;
  @Column('boolean') national: boolean;
  @Column({ name: 'opening_hours', type: 'jsonb' }) openingHours: OpeningHours;
  @Column('int') version: number;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', insert: false }) updatedAt: Date;
}
