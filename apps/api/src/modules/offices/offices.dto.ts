import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { IsNotBlank } from '../../common/validation.js';
import { LANGUAGES, type Language, type OpeningHours } from '@casework/contracts';

const CODE = /^[A-Z0-9_-]{2,20}$/;
const CODE_MESSAGE = 'code must be 2 to 20 capital letters, digits, - or _';

export class CreateOfficeDto {
  @ApiProperty() @IsUUID('all', { message: 'regionId must be a UUID' })
  regionId: string;

  @ApiProperty({ example: 'NORTHSIDE' }) @IsString() @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty() @IsString() @IsNotBlank() @MinLength(2) @MaxLength(120)
  name: string;

  @ApiProperty({ example: 'Europe/Paris', description: 'IANA time zone' }) @IsString()
  timeZone: string;

  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES)
  language: Language;

  @ApiPropertyOptional({ description: 'A national office: its managers see every region' }) @IsOptional() @IsBoolean()
  national?: boolean;

  @ApiPropertyOptional({ description: 'ISO weekday "1".."7" -> [["09:00","12:30"],["13:30","17:00"]]' }) @IsOptional() @IsObject()
  openingHours?: OpeningHours;
}

export class UpdateOfficeDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'regionId must be a UUID' })
  regionId?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(CODE, { message: CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotBlank() @MinLength(2) @MaxLength(120)
  name?: string;

  @ApiPropertyOptional() @IsOptional() @IsString()
  timeZone?: string;

  @ApiPropertyOptional({ enum: LANGUAGES }) @IsOptional() @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  national?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsObject()
  openingHours?: OpeningHours;

  @ApiProperty() @IsInt() @Min(1)
  version: number;
}
