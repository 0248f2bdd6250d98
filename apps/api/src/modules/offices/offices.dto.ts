import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsObject, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { IsNotBlank, IsOmittable } from '../../common/validation.js';
import { LANGUAGES, type Language, type OpeningHours } from '@casework/contracts';

const CODE = /^[A-Z0-9_-]{2,20}$/;
const CODE_MESSAGE = 'code must be 2 to 20 capital letters, digits, - or _';

export class CreateOfficeDto {
  @ApiProperty()
  @IsUUID('all', { message: 'regionId must be a UUID' })
  regionId: string;

  @ApiProperty({ example: 'NORTHSIDE' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty()
  @IsString()
  @IsNotBlank()
  @MinLength(2)
  @MaxLength(120)
  name: string;

  @ApiProperty({ example: 'Europe/Paris', description: 'IANA time zone' })
  @IsString()
  timeZone: string;

  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES)
  language: Language;

  @ApiPropertyOptional({ description: 'A national office: its managers see every region' })
  @IsOmittable()
  @IsBoolean()
  national?: boolean;

  @ApiPropertyOptional({ description: 'ISO weekday "1".."7" -> [["09:00","12:30"],["13:30","17:00"]]' })
  @IsOmittable()
  @IsObject()
  openingHours?: OpeningHours;
}

export class UpdateOfficeDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsUUID('all', { message: 'regionId must be a UUID' })
  regionId?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @IsNotBlank()
  @MinLength(2)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  timeZone?: string;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOmittable()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsBoolean()
  national?: boolean;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsObject()
  openingHours?: OpeningHours;

  @ApiProperty()
  @IsInt()
  @Min(1)
  version: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateOfficeClosureDto {
  @ApiProperty({ example: '2026-12-25', description: 'First closed day, in the office’s calendar' })
  @IsString()
  @Matches(DATE, { message: 'startsOn must be a date YYYY-MM-DD' })
  startsOn: string;

  @ApiPropertyOptional({ example: '2026-12-26', description: 'Last closed day (inclusive); the first day alone when left out' })
  @IsOmittable()
  @IsString()
  @Matches(DATE, { message: 'endsOn must be a date YYYY-MM-DD' })
  endsOn?: string;

  @ApiProperty({ example: 'Christmas Day' })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  reason: string;
}
