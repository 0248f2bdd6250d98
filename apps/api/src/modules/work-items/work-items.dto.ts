import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsUUID, Min } from 'class-validator';
import { QUEUES, type Queue } from '@casework/contracts';

/** Documents a front-desk worker can check when verifying a registration. */
export const REGISTRATION_DOCUMENTS = [
  'identity_document',
  'residence_permit',
  'proof_of_address',
  'qualifications',
  'work_history',
  'disability_certificate',
  'bank_details',
] as const;

export class ClaimNextDto {
  @ApiProperty({ enum: QUEUES })
  @IsIn(QUEUES)
  queue: Queue;
}

export class CompleteWorkItemDto {
  @ApiPropertyOptional({ description: 'Current version of the item' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ enum: REGISTRATION_DOCUMENTS, isArray: true, description: 'verify_registration: the documents checked' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(REGISTRATION_DOCUMENTS.length)
  @IsIn(REGISTRATION_DOCUMENTS, { each: true })
  documentsChecked?: string[];

  @ApiPropertyOptional({ description: 'Free-form outcome (no personal data)' })
  @IsOptional()
  @IsObject()
  outcome?: Record<string, unknown>;
}

export class ReassignWorkItemDto {
  @ApiProperty()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
