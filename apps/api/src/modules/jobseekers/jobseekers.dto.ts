import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsNotBlank } from '../../common/validation.js';
import { CHANNELS, DIGITAL_SKILLS, MIGRANT_STATUSES, type Channel, type DigitalSkills, type MigrantStatus } from '@casework/contracts';

const DATE = { strict: true, strictSeparator: true };
const DATE_MSG = (f: string) => ({ message: `${f} must be a date YYYY-MM-DD` });

export class ConfirmDifferentPersonDto {
  @ApiProperty({ description: 'Every candidate the duplicate check returned, confirmed to be someone else' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'candidateIds must be UUIDs' })
  candidateIds: string[];

  @ApiProperty({ description: 'How staff established that this is a different person' })
  @IsString()
  @MinLength(5)
  @MaxLength(1000)
  note: string;
}

/** Fields a jobseeker record holds; everything but names, birth date, skills and education is optional. */
export class JobseekerFieldsDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  givenName: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  familyName: string;

  @ApiProperty({ example: '1985-04-12' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, DATE_MSG('dateOfBirth'))
  @IsISO8601(DATE, DATE_MSG('dateOfBirth'))
  dateOfBirth: string;

  @ApiPropertyOptional({ description: 'Self-described' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  gender?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'phone must be a phone number (digits, spaces, + ( ) -)' })
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  addressLine?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20)
  postcode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  municipality?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  rural?: boolean;

  @ApiPropertyOptional({ description: 'Sensitive' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9 -]{4,30}$/, { message: 'nationalId must be 4 to 30 letters, digits, spaces or -' })
  nationalId?: string;

  @ApiPropertyOptional({ example: 'fr', description: 'ISO 639-1; messages fall back to the office language when not en, fr or es' })
  @IsOptional()
  @Matches(/^[a-z]{2}$/, { message: 'preferredLanguage must be a two-letter ISO 639-1 code' })
  preferredLanguage?: string;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  preferredChannel?: Channel;

  @ApiProperty({ enum: DIGITAL_SKILLS })
  @IsIn(DIGITAL_SKILLS)
  digitalSkills: DigitalSkills;

  @ApiPropertyOptional({ description: 'Sensitive' })
  @IsOptional()
  @IsBoolean()
  disability?: boolean;

  @ApiPropertyOptional({ description: 'Sensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  accommodations?: string;

  @ApiPropertyOptional({ description: 'Sensitive' })
  @IsOptional()
  @IsBoolean()
  interpreterNeeded?: boolean;

  @ApiPropertyOptional({ description: 'Sensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  interpreterLanguage?: string;

  @ApiPropertyOptional({ enum: MIGRANT_STATUSES, description: 'Sensitive' })
  @IsOptional()
  @IsIn(MIGRANT_STATUSES)
  migrantStatus?: MigrantStatus;

  @ApiPropertyOptional({ description: 'Career break or caring responsibilities' })
  @IsOptional()
  @IsBoolean()
  careerBreak?: boolean;

  @ApiProperty({ minimum: 0, maximum: 8, description: 'ISCED 2011 level' })
  @IsInt()
  @Min(0)
  @Max(8)
  educationLevel: number;

  @ApiPropertyOptional({ example: '5223', description: 'ISCO-08 unit group' })
  @IsOptional()
  @IsString()
  lastOccupation?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, DATE_MSG('unemployedSince'))
  @IsISO8601(DATE, DATE_MSG('unemployedSince'))
  unemployedSince?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  consentDataSharing?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, DATE_MSG('consentExpiresOn'))
  @IsISO8601(DATE, DATE_MSG('consentExpiresOn'))
  consentExpiresOn?: string;
}

export class CreateJobseekerDto extends JobseekerFieldsDto {
  @ApiPropertyOptional({ description: "Defaults to the caller's office" })
  @IsOptional()
  @IsUUID('all', { message: 'homeOfficeId must be a UUID' })
  homeOfficeId?: string;

  @ApiPropertyOptional({ type: ConfirmDifferentPersonDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConfirmDifferentPersonDto)
  confirmDifferentPerson?: ConfirmDifferentPersonDto;
}

export class DuplicateSearchDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  givenName: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  familyName: string;

  @ApiProperty()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, DATE_MSG('dateOfBirth'))
  @IsISO8601(DATE, DATE_MSG('dateOfBirth'))
  dateOfBirth: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Za-z0-9 -]{4,30}$/, { message: 'nationalId must be 4 to 30 letters, digits, spaces or -' })
  nationalId?: string;
}

/**
 * A change to a jobseeker: only the changed fields and the record's `version`. Optional fields take
 * null to clear them; names, birth date, digital skills and education may be left out but not
 * cleared. The whole record is checked again as at registration.
 */
export class UpdateJobseekerDto extends PartialType(JobseekerFieldsDto, { skipNullProperties: false }) {
  @ApiProperty({ description: 'Current version of the record' })
  @IsInt()
  @Min(1)
  version: number;
}

export class MergeJobseekersDto {
  @ApiProperty({ description: 'The duplicate record: it is kept, marked as merged into this one, and its cases move here' })
  @IsUUID('all', { message: 'duplicateId must be a UUID' })
  duplicateId: string;

  @ApiProperty({ description: 'How the supervisor established that both records are the same person' })
  @IsString()
  @IsNotBlank()
  @MinLength(5)
  @MaxLength(1000)
  note: string;
}
