import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { QueryFailedError } from 'typeorm';
import type { ApiError, ErrorCode } from '@casework/contracts';
import { AppException } from './errors.js';
import { logger } from './logger.js';
import { currentContext } from './request-context.js';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** The API field a unique constraint named `<table>_<column>_key` guards, in camelCase. */
export function uniqueField(error: QueryFailedError): string | undefined {
  const driver = (error as QueryFailedError & { driverError?: { constraint?: string; table?: string } }).driverError;
  const constraint = driver?.constraint;
  if (!constraint?.endsWith('_key')) return undefined;
  let column = constraint.slice(0, -'_key'.length);
  if (driver?.table && column.startsWith(`${driver.table}_`)) column = column.slice(driver.table.length + 1);
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()) || undefined;
}

/** Every error leaves as {statusCode, code, message, errors?}; unexpected ones are logged without request data. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (exception instanceof AppException && exception.headers) {
      for (const [k, v] of Object.entries(exception.headers)) res.header(k, v);
    }
    if (body.statusCode >= 500) {
      const err = exception as Error;
      logger.error(
        { requestId: currentContext()?.requestId, err: { name: err?.name, message: err?.message, stack: err?.stack } },
        'request failed',
      );
    }
    if (res.sent || res.raw.headersSent) return;
    res.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ApiError {
    if (exception instanceof AppException) {
      return {
        ...exception.extra,
        statusCode: exception.getStatus(),
        code: exception.code,
        message: exception.message,
        errors: exception.fieldErrors,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      // Fastify's own 4xx errors arrive as HttpExceptions caused by them; a body over the limit
      // keeps the message it had under Express.
      const tooLarge = (exception.cause as { code?: string } | undefined)?.code === 'FST_ERR_CTP_BODY_TOO_LARGE';
      const message = tooLarge
        ? 'request entity too large'
        : typeof response === 'string'
          ? response
          : String((response as { message?: unknown }).message ?? exception.message);
      return { statusCode: status, code: CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST'), message };
    }
    // The body parser (bootstrap.ts) and Fastify throw errors carrying a status (malformed JSON, too large).
    const withStatus = exception as { status?: number; statusCode?: number; type?: string; message?: string };
    const status = withStatus?.status ?? withStatus?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message =
        withStatus.type === 'entity.parse.failed' ? 'The request body is not valid JSON' : (withStatus.message ?? 'Bad request');
      return { statusCode: status, code: CODE_BY_STATUS[status] ?? 'BAD_REQUEST', message };
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception as QueryFailedError & { code?: string }).code;
      // Data exceptions (bad text representation, out of range, NUL or unencodable characters)
      // and integrity rules the validation should have caught: the caller's input, not our fault.
      if (
        code === '22P02' ||
        code === '22007' ||
        code === '22008' ||
        code === '22003' ||
        code === '22021' ||
        code === '22P05' ||
        code === '22001'
      ) {
        return { statusCode: 400, code: 'BAD_REQUEST', message: 'A value has the wrong format' };
      }
      if (code === '23502' || code === '23514')
        return { statusCode: 400, code: 'BAD_REQUEST', message: 'A value is missing or out of range' };
      if (code === '23503') return { statusCode: 400, code: 'BAD_REQUEST', message: 'A value refers to a record that does not exist' };
      if (code === '23505') {
        // Two writers passed the service's own check at once: the unique index decides. Name the
        // field from the constraint (`users_email_key` -> email), never echo the values.
        const field = uniqueField(exception);
        const message = 'A record with these values already exists';
        return {
          statusCode: 409,
          code: 'ALREADY_EXISTS',
          message,
          errors: field ? [{ field, rule: 'unique', message: `${field} is already in use` }] : undefined,
        };
      }
      // An exclusion constraint (a double booking, overlapping closures) the service did not map itself.
      if (code === '23P01') return { statusCode: 409, code: 'CONFLICT', message: 'This overlaps an existing record' };
      if (code === '40001' || code === '40P01') {
        return { statusCode: 409, code: 'CONFLICT', message: 'A concurrent change got in the way: try again' };
      }
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' };
  }
}
