import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { APPOINTMENT_CHANNELS, APPOINTMENT_MAX_MINUTES, APPOINTMENT_MIN_MINUTES, type AppointmentChannel } from '@casework/contracts';
import { IsNotBlank, IsOmittable } from '../../common/validation.js';

const ISO = { strict: true, strictSeparator: true };
/** A date-time with its offset: without one, the same text means different instants on different servers. */
const ZONED = /T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const zoned = (field: string) => Matches(ZONED, { message: `${field} must be a date-time with its offset, e.g. 2026-12-03T09:00:00Z` });

export class CreateAppointmentDto {
  @ApiProperty()
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId: string;

  @ApiProperty({ description: 'The counsellor or specialist the client meets' })
  @IsUUID('all', { message: 'staffId must be a UUID' })
  staffId: string;

  @ApiProperty({ example: '2026-12-03T09:00:00Z' })
  @IsISO8601(ISO, { message: 'startsAt must be an ISO 8601 date-time' })
  @zoned('startsAt')
  startsAt: string;

  @ApiProperty({ example: '2026-12-03T09:30:00Z' })
  @IsISO8601(ISO, { message: 'endsAt must be an ISO 8601 date-time' })
  @zoned('endsAt')
  endsAt: string;

  @ApiProperty({ enum: APPOINTMENT_CHANNELS })
  @IsIn(APPOINTMENT_CHANNELS)
  channel: AppointmentChannel;

  @ApiProperty({ description: 'What the appointment is for (shown in the staff calendar feed: no client names)' })
  @IsString()
  @IsNotBlank()
  @MaxLength(500)
  purpose: string;

  @ApiPropertyOptional({ description: 'An action of the case’s current intervention plan this appointment serves' })
  @IsOmittable()
  @IsUUID('all', { message: 'planActionId must be a UUID' })
  planActionId?: string;
}

/** Reschedule, move to another staff member, change channel or purpose, or write the outcome note. */
export class UpdateAppointmentDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsUUID('all', { message: 'staffId must be a UUID' })
  staffId?: string;

  @ApiPropertyOptional({ description: 'A new start; without endsAt the duration is kept' })
  @IsOmittable()
  @IsISO8601(ISO, { message: 'startsAt must be an ISO 8601 date-time' })
  @zoned('startsAt')
  startsAt?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsISO8601(ISO, { message: 'endsAt must be an ISO 8601 date-time' })
  @zoned('endsAt')
  endsAt?: string;

  @ApiPropertyOptional({ enum: APPOINTMENT_CHANNELS })
  @IsOmittable()
  @IsIn(APPOINTMENT_CHANNELS)
  channel?: AppointmentChannel;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @IsNotBlank()
  @MaxLength(500)
  purpose?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  outcomeNote?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Link to an action of the case’s current plan; null unlinks' })
  @IsOptional()
  @IsUUID('all', { message: 'planActionId must be a UUID' })
  planActionId?: string | null;

  @ApiProperty()
  @IsInt()
  @Min(1)
  version: number;
}

/** attend and no-show: optionally the outcome note at the same time. */
export class AppointmentOutcomeDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MaxLength(4000)
  outcomeNote?: string;

  @ApiPropertyOptional({ description: 'Current version of the appointment' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  version?: number;
}

export class CancelAppointmentDto {
  @ApiProperty()
  @IsString()
  @IsNotBlank()
  @MaxLength(500)
  reason: string;

  @ApiPropertyOptional({ description: 'Current version of the appointment' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  version?: number;
}

/** Longest period one availability request covers. */
export const AVAILABILITY_MAX_DAYS = 31;

export class AvailabilityQueryDto {
  @ApiPropertyOptional({ description: 'One staff member; or give officeId' })
  @IsOmittable()
  @IsUUID('all', { message: 'staffId must be a UUID' })
  staffId?: string;

  @ApiPropertyOptional({ description: 'Every bookable counsellor and specialist of the office' })
  @IsOmittable()
  @IsUUID('all', { message: 'officeId must be a UUID' })
  officeId?: string;

  @ApiProperty({ example: '2026-12-03T00:00:00Z' })
  @IsISO8601(ISO, { message: 'from must be an ISO 8601 date-time' })
  @zoned('from')
  from: string;

  @ApiProperty({ example: '2026-12-10T00:00:00Z', description: `At most ${AVAILABILITY_MAX_DAYS} days after from` })
  @IsISO8601(ISO, { message: 'to must be an ISO 8601 date-time' })
  @zoned('to')
  to: string;

  @ApiProperty({ description: 'Minutes', example: 30 })
  @Type(() => Number)
  @IsInt({ message: 'duration must be a whole number of minutes' })
  @Min(APPOINTMENT_MIN_MINUTES)
  @Max(APPOINTMENT_MAX_MINUTES)
  duration: number;

  @ApiPropertyOptional({ description: 'Minutes between slot starts (default 15)' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt({ message: 'step must be a whole number of minutes' })
  @Min(5)
  @Max(240)
  step?: number;
}
