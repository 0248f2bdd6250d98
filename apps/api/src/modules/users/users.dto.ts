import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsNotBlank, IsOmittable } from '../../common/validation.js';
import { ROLES, type Role } from '@casework/contracts';

export class CreateUserDto {
  @ApiProperty()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @IsNotBlank()
  @MinLength(2)
  @MaxLength(120)
  fullName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role: Role;

  @ApiProperty()
  @IsUUID('all', { message: 'officeId must be a UUID' })
  officeId: string;

  @ApiPropertyOptional({ description: 'Weighted caseload cap (counsellors and specialists)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  caseloadCap?: number;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @IsNotBlank()
  @MinLength(2)
  @MaxLength(120)
  fullName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOmittable()
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsUUID('all', { message: 'officeId must be a UUID' })
  officeId?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(1000)
  caseloadCap?: number | null;

  @ApiPropertyOptional({ description: 'false deactivates the account and ends its sessions' })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'true: on leave, takes no new cases; their open cases show among the unassigned' })
  @IsOmittable()
  @IsBoolean()
  away?: boolean;

  @ApiProperty()
  @IsInt()
  @Min(1)
  version: number;
}
