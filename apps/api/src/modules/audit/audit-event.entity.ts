import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@casework/contracts';

@Entity('audit_events')
export class AuditEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'timestamptz', insert: false, update: false }) at: Date;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ name: 'actor_role', type: 'text', nullable: true }) actorRole: Role | null;
  @Column('text') action: string;
  @Column('text') entity: string;
  @Column({ name: 'entity_id', type: 'text', nullable: true }) entityId: string | null;
  @Column({ type: 'jsonb', nullable: true }) changes: Record<string, unknown> | null;
  @Column({ type: 'text', nullable: true }) ip: string | null;
  @Column({ name: 'request_id', type: 'text', nullable: true }) requestId: string | null;
}
