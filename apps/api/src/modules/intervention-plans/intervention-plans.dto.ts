import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import {
  AGREEMENT_METHODS,
  GOAL_OUTCOMES,
  PLAN_ACTION_OWNERS,
  PLAN_ACTION_STATUSES,
  PLAN_ACTION_TYPES,
  type AgreementMethod,
  type GoalOutcome,
  type PlanActionOwner,
  type PlanActionStatus,
  type PlanActionType,
} from '@casework/contracts';
import { IsNotBlank, IsOmittable } from '../../common/validation.js';

/** The longest description, note, comment or reason, in characters. */
export const PLAN_TEXT_MAX = 2000;
const PROVIDER_MAX = 200;

/** A calendar date YYYY-MM-DD (a real one: 2026-02-30 is refused with the field named). */
function IsDateOnly(field: string): PropertyDecorator {
  const message = { message: `${field} must be a date YYYY-MM-DD` };
  return (target, key) => {
    Matches(/^\d{4}-\d{2}-\d{2}$/, message)(target, key);
    IsISO8601({ strict: true, strictSeparator: true }, message)(target, key);
  };
}

const isIn = (field: string, values: readonly string[]) => IsIn(values, { message: `${field} must be one of: ${values.join(', ')}` });

/** Free text of a plan: not blank, at most PLAN_TEXT_MAX characters. */
function PlanText(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    IsNotBlank()(target, key);
    MaxLength(PLAN_TEXT_MAX)(target, key);
  };
}

/** The plan's version as last read: every change to a plan, its goals or its actions carries it. */
export class PlanVersionDto {
  @ApiProperty({ description: 'The plan’s current version; a stale one answers 409 STALE_VERSION' })
  @IsInt({ message: 'version must be an integer' })
  @Min(1)
  version: number;
}

/** `?version=` of a DELETE (a DELETE has no body). */
export class PlanVersionQueryDto {
  @ApiProperty({ description: 'The plan’s current version' })
  @Type(() => Number)
  @IsInt({ message: 'version must be an integer' })
  @Min(1)
  version: number;
}

export class CreatePlanDto {
  @ApiProperty()
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId: string;

  @ApiPropertyOptional({ example: '2027-03-01' })
  @IsOmittable()
  @IsDateOnly('nextReviewDate')
  nextReviewDate?: string;
}

export class UpdatePlanDto extends PlanVersionDto {
  @ApiPropertyOptional({ nullable: true, description: 'In draft or once agreed; an agreed plan keeps a review date' })
  @IsOptional()
  @IsDateOnly('nextReviewDate')
  nextReviewDate?: string | null;
}

export class CreateGoalDto extends PlanVersionDto {
  @ApiProperty({ maxLength: PLAN_TEXT_MAX })
  @PlanText()
  description: string;

  @ApiPropertyOptional({ example: '2027-03-01' })
  @IsOptional()
  @IsDateOnly('targetDate')
  targetDate?: string | null;
}

export class UpdateGoalDto extends PlanVersionDto {
  @ApiPropertyOptional({ maxLength: PLAN_TEXT_MAX, description: 'In draft only' })
  @IsOmittable()
  @PlanText()
  description?: string;

  @ApiPropertyOptional({ nullable: true, description: 'In draft only' })
  @IsOptional()
  @IsDateOnly('targetDate')
  targetDate?: string | null;

  @ApiPropertyOptional({ enum: GOAL_OUTCOMES, nullable: true, description: 'In draft, or once the plan is agreed' })
  @IsOptional()
  @isIn('outcome', GOAL_OUTCOMES)
  outcome?: GoalOutcome | null;

  @ApiPropertyOptional({ nullable: true, maxLength: PLAN_TEXT_MAX, description: 'In draft, or once the plan is agreed' })
  @IsOptional()
  @PlanText()
  outcomeNote?: string | null;
}

export class CreateActionDto extends PlanVersionDto {
  @ApiProperty({ enum: PLAN_ACTION_TYPES })
  @isIn('type', PLAN_ACTION_TYPES)
  type: PlanActionType;

  @ApiProperty({ maxLength: PLAN_TEXT_MAX })
  @PlanText()
  description: string;

  @ApiPropertyOptional({ maxLength: PROVIDER_MAX, description: 'The training provider, employer or partner service' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(PROVIDER_MAX)
  provider?: string | null;

  @ApiProperty({ enum: PLAN_ACTION_OWNERS, description: 'staff (give ownerUserId) or the jobseeker' })
  @isIn('owner', PLAN_ACTION_OWNERS)
  owner: PlanActionOwner;

  @ApiPropertyOptional({ description: 'An active member of staff of the case’s office; required when owner is staff' })
  @IsOptional()
  @IsUUID('all', { message: 'ownerUserId must be a UUID' })
  ownerUserId?: string | null;

  @ApiPropertyOptional({ example: '2027-01-15' })
  @IsOptional()
  @IsDateOnly('dueDate')
  dueDate?: string | null;

  @ApiPropertyOptional({ enum: PLAN_ACTION_STATUSES, default: 'planned' })
  @IsOmittable()
  @isIn('status', PLAN_ACTION_STATUSES)
  status?: PlanActionStatus;
}

export class UpdateActionDto extends PlanVersionDto {
  @ApiPropertyOptional({ enum: PLAN_ACTION_TYPES, description: 'In draft only' })
  @IsOmittable()
  @isIn('type', PLAN_ACTION_TYPES)
  type?: PlanActionType;

  @ApiPropertyOptional({ maxLength: PLAN_TEXT_MAX, description: 'In draft only' })
  @IsOmittable()
  @PlanText()
  description?: string;

  @ApiPropertyOptional({ nullable: true, maxLength: PROVIDER_MAX, description: 'In draft only' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(PROVIDER_MAX)
  provider?: string | null;

  @ApiPropertyOptional({ enum: PLAN_ACTION_OWNERS, description: 'In draft only' })
  @IsOmittable()
  @isIn('owner', PLAN_ACTION_OWNERS)
  owner?: PlanActionOwner;

  @ApiPropertyOptional({ nullable: true, description: 'In draft only' })
  @IsOptional()
  @IsUUID('all', { message: 'ownerUserId must be a UUID' })
  ownerUserId?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'In draft only' })
  @IsOptional()
  @IsDateOnly('dueDate')
  dueDate?: string | null;

  @ApiPropertyOptional({ enum: PLAN_ACTION_STATUSES, description: 'In draft, or once the plan is agreed' })
  @IsOmittable()
  @isIn('status', PLAN_ACTION_STATUSES)
  status?: PlanActionStatus;

  @ApiPropertyOptional({ nullable: true, maxLength: PLAN_TEXT_MAX, description: 'In draft, or once the plan is agreed' })
  @IsOptional()
  @PlanText()
  outcome?: string | null;
}

export class ApprovePlanDto extends PlanVersionDto {
  @ApiPropertyOptional({ maxLength: PLAN_TEXT_MAX })
  @IsOmittable()
  @PlanText()
  comment?: string;
}

export class ReturnPlanDto extends PlanVersionDto {
  @ApiProperty({ maxLength: PLAN_TEXT_MAX, description: 'What to change: shown to the plan’s author' })
  @PlanText()
  comment: string;
}

export class AgreePlanDto extends PlanVersionDto {
  @ApiProperty({ example: '2026-12-02', description: 'Not in the future, not before the approval (office calendar)' })
  @IsDateOnly('agreedOn')
  agreedOn: string;

  @ApiProperty({ enum: AGREEMENT_METHODS })
  @isIn('method', AGREEMENT_METHODS)
  method: AgreementMethod;

  @ApiPropertyOptional({ description: 'Required unless the plan already has one' })
  @IsOmittable()
  @IsDateOnly('nextReviewDate')
  nextReviewDate?: string;
}

export class CancelPlanDto extends PlanVersionDto {
  @ApiProperty({ maxLength: PLAN_TEXT_MAX })
  @PlanText()
  reason: string;
}
