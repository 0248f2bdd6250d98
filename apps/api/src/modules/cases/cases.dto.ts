import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CASE_STATUSES,
  CLOSE_REASONS,
  OVERRIDE_REASONS,
  TRACKS,
  type CaseStatus,
  type CloseReason,
  type OverrideReason,
  type Track,
} from '@casework/contracts';

export class UpdateCaseDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({ enum: CLOSE_REASONS, description: 'Required when closing' })
  @IsOptional()
  @IsIn(CLOSE_REASONS)
  closeReason?: CloseReason;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  closeNote?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'nextReviewDue must be a date YYYY-MM-DD' })
  nextReviewDue?: string;

  @ApiProperty()
  @IsInt()
  @Min(1)
  version: number;
}

export class TrackDecisionDto {
  @ApiProperty({ enum: ['confirm', 'override'] })
  @IsIn(['confirm', 'override'])
  kind: 'confirm' | 'override';

  @ApiPropertyOptional({ enum: TRACKS, description: 'Required to override' })
  @IsOptional()
  @IsIn(TRACKS)
  track?: Track;

  @ApiPropertyOptional({ enum: OVERRIDE_REASONS, description: 'Required to override' })
  @IsOptional()
  @IsIn(OVERRIDE_REASONS)
  reasonCode?: OverrideReason;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class AssignCaseDto {
  @ApiProperty()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId: string;

  @ApiProperty()
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ type: TrackDecisionDto, description: 'Needed while the track is not yet decided' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TrackDecisionDto)
  decision?: TrackDecisionDto;

  @ApiPropertyOptional({ description: 'Going over the caseload cap needs a reason' })
  @IsOptional()
  @IsString()
  @MinLength(5)
  @MaxLength(500)
  overCapReason?: string;
}

export class BulkAssignDto {
  @ApiProperty()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'caseIds must be UUIDs' })
  caseIds: string[];

  @ApiProperty()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId: string;

  @ApiPropertyOptional({ description: 'Going over the caseload cap needs a reason' })
  @IsOptional()
  @IsString()
  @MinLength(5)
  @MaxLength(500)
  overCapReason?: string;
}

export class OverrideTrackDto {
  @ApiProperty({ enum: TRACKS })
  @IsIn(TRACKS)
  track: Track;

  @ApiProperty({ enum: OVERRIDE_REASONS })
  @IsIn(OVERRIDE_REASONS)
  reasonCode: OverrideReason;

  @ApiProperty()
  @IsString()
  @MinLength(5)
  @MaxLength(2000)
  note: string;

  @ApiProperty()
  @IsInt()
  @Min(1)
  version: number;
}

export class TransferRequestDto {
  @ApiProperty()
  @IsUUID('all', { message: 'toOfficeId must be a UUID' })
  toOfficeId: string;

  @ApiProperty()
  @IsString()
  @MinLength(5)
  @MaxLength(1000)
  reason: string;
}

export class TransferDecisionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class UpdateCaseloadDto {
  @ApiPropertyOptional({ description: 'true: on leave, takes no new cases; their open cases show among the unassigned' })
  @IsOptional()
  @IsBoolean()
  away?: boolean;

  @ApiPropertyOptional({ nullable: true, description: 'The weighted number of cases they can carry; null for no cap' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(1000)
  cap?: number | null;

  @ApiProperty({ description: 'The version of the staff member, from GET /api/caseloads' })
  @IsInt()
  @Min(1)
  version: number;
}
