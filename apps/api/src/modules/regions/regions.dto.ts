import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { IsNotBlank, IsOmittable } from '../../common/validation.js';

export class CreateRegionDto {
  @ApiProperty({ example: 'NORTH' })
  @IsString()
  @Matches(/^[A-Z0-9_-]{2,20}$/, { message: 'code must be 2 to 20 capital letters, digits, - or _' })
  code: string;

  @ApiProperty({ example: 'North region' })
  @IsString()
  @IsNotBlank()
  @MinLength(2)
  @MaxLength(120)
  name: string;
}

export class UpdateRegionDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @Matches(/^[A-Z0-9_-]{2,20}$/, { message: 'code must be 2 to 20 capital letters, digits, - or _' })
  code?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @IsNotBlank()
  @MinLength(2)
  @MaxLength(120)
  name?: string;

  @ApiProperty({ description: 'The version you read; a stale one answers 409 STALE_VERSION' })
  @IsInt()
  @Min(1)
  version: number;
}
