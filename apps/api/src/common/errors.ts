import { HttpException } from '@nestjs/common';
import type { ErrorCode, FieldError } from '@casework/contracts';

/** The one exception type of the API: a status, a stable code the web app translates, and field errors. */
export class AppException extends HttpException {
  constructor(
    status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldError[],
    readonly headers?: Record<string, string>,
    /** Further top-level body fields, e.g. `candidates` of a POSSIBLE_DUPLICATE. */
    readonly extra?: Record<string, unknown>,
  ) {
    super({ statusCode: status, code, message, errors: fieldErrors, ...extra }, status);
  }
}

export const notFound = (what = 'Record') => new AppException(404, 'NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new AppException(403, 'FORBIDDEN', message);
export const staleVersion = () =>
  new AppException(409, 'STALE_VERSION', 'This record was changed by someone else: reload it and try again', [
    { field: 'version', rule: 'current', message: 'version is not the current version of the record' },
  ]);
export const invalidField = (field: string, rule: string, message: string, status = 400) =>
  new AppException(status, 'VALIDATION_FAILED', message, [{ field, rule, message }]);
export const alreadyExists = (field: string, message: string) =>
  new AppException(409, 'ALREADY_EXISTS', message, [{ field, rule: 'unique', message }]);
