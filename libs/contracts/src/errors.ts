/** Stable error codes: the web app translates these (errors.<CODE>). */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'SESSION_EXPIRED',
  'PASSWORD_CHANGE_REQUIRED',
  'PASSWORD_REJECTED',
  'TOO_MANY_ATTEMPTS',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'ALREADY_EXISTS',
  'STALE_VERSION',
  'PRECONDITION_FAILED',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
  'POSSIBLE_DUPLICATE',
  'INVALID_TRANSITION',
  'OVER_CAP',
  'IDEMPOTENCY_KEY_REUSED',
  // Intervention plans
  'PLAN_NOT_EDITABLE',
  'PLAN_INCOMPLETE',
  'GOALS_WITHOUT_OUTCOME',
  'PLAN_NOT_AGREED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

export interface ApiError {
  statusCode: number;
  code: ErrorCode;
  message: string;
  errors?: FieldError[];
}
