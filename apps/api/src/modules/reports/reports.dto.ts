import { ApiPropertyOptional } from '@nestjs/swagger';
import { CASELOAD_PAGE_DEFAULT, CASELOAD_PAGE_MAX } from '@casework/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Filters of every report; `format=csv` asks for CSV as `Accept: text/csv` does. */
export class ReportQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'regionId must be a UUID' })
  regionId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'officeId must be a UUID' })
  officeId?: string;

  @ApiPropertyOptional({ example: '2026-01', description: 'first month, YYYY-MM' })
  @IsOptional()
  @Matches(MONTH, { message: 'from must be a month as YYYY-MM' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12', description: 'last month, YYYY-MM' })
  @IsOptional()
  @Matches(MONTH, { message: 'to must be a month as YYYY-MM' })
  to?: string;

  @ApiPropertyOptional({ description: 'caseload: the first staff row of the page (default 0)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0)
  offset?: number;

  @ApiPropertyOptional({
    description: `caseload: staff rows a page (default ${CASELOAD_PAGE_DEFAULT}, at most ${CASELOAD_PAGE_MAX}); a CSV export has them all`,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(CASELOAD_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}
