import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@casework/contracts';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') email: string;
  @Column({ name: 'full_name', type: 'text' }) fullName: string;
  @Column('text') role: Role;
  @Column({ name: 'office_id', type: 'uuid' }) officeId: string;
  @Column({ name: 'password_hash', type: 'text', select: false }) passwordHash: string;
  @Column({ name: 'must_change_password', type: 'boolean' }) mustChangePassword: boolean;
  @Column('boolean') active: boolean;
  /** On leave or otherwise unavailable: takes no new cases, and their cases need assignment. */
  @Column('boolean') away: boolean;
  @Column({ name: 'caseload_cap', type: 'int', nullable: true }) caseloadCap: number | null;
  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true }) lastLoginAt: Date | null;
  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true }) passwordChangedAt: Date | null;
  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true }) deactivatedAt: Date | null;
  @Column('int') version: number;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', insert: false }) updatedAt: Date;
}
