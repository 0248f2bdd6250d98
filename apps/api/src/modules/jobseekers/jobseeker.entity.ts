import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Channel, DigitalSkills, MigrantStatus } from '@casework/contracts';

const date = (name: string) => ({ name, type: 'date' as const, nullable: true });

@Entity('jobseekers')
export class Jobseeker {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') reference: string;
  @Column({ name: 'home_office_id', type: 'uuid' }) homeOfficeId: string;
  @Column({ name: 'given_name', type: 'text' }) givenName: string;
  @Column({ name: 'family_name', type: 'text' }) familyName: string;
  @Column({ name: 'name_key', type: 'text' }) nameKey: string;
  @Column({ name: 'date_of_birth', type: 'date' }) dateOfBirth: string;
  @Column({ type: 'text', nullable: true }) gender: string | null;
  @Column({ type: 'text', nullable: true }) email: string | null;
  @Column({ type: 'text', nullable: true }) phone: string | null;
  @Column({ name: 'address_line', type: 'text', nullable: true }) addressLine: string | null;
  @Column({ type: 'text', nullable: true }) postcode: string | null;
  @Column({ type: 'text', nullable: true }) municipality: string | null;
  @Column('boolean') rural: boolean;
  @Column({ name: 'national_id', type: 'text', nullable: true }) nationalId: string | null;
  @Column({ name: 'preferred_language', type: 'text' }) preferredLanguage: string;
  @Column({ name: 'preferred_channel', type: 'text' }) preferredChannel: Channel;
  @Column({ name: 'digital_skills', type: 'text' }) digitalSkills: DigitalSkills;
  @Column('boolean') disability: boolean;
  @Column({ type: 'text', nullable: true }) accommodations: string | null;
  @Column({ name: 'interpreter_needed', type: 'boolean' }) interpreterNeeded: boolean;
  @Column({ name: 'interpreter_language', type: 'text', nullable: true }) interpreterLanguage: string | null;
  @Column({ name: 'migrant_status', type: 'text' }) migrantStatus: MigrantStatus;
  @Column({ name: 'career_break', type: 'boolean' }) careerBreak: boolean;
  @Column({ name: 'education_level', type: 'smallint' }) educationLevel: number;
  @Column({ name: 'last_occupation', type: 'text', nullable: true }) lastOccupation: string | null;
  @Column(date('unemployed_since')) unemployedSince: string | null;
  @Column({ name: 'consent_data_sharing', type: 'boolean' }) consentDataSharing: boolean;
  @Column(date('consent_expires_on')) consentExpiresOn: string | null;
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true }) mergedIntoId: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @Column('int') version: number;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', insert: false }) updatedAt: Date;
}
