import type { LoggerService } from '@nestjs/common';
import { pino } from 'pino';

/** Keys whose values are credentials, wherever they appear in a log line. */
export const SECRET_KEYS = [
  'password',
  'currentPassword',
  'newPassword',
  'oneTimePassword',
  'passwordHash',
  'password_hash',
  'accessToken',
  'refreshToken',
  'refresh',
  'refreshHash',
  'refresh_hash',
  'token',
  'secret',
  'JWT_SECRET',
  'authorization',
  'cookie',
];

/** How deep below the top of a log line secret keys are looked for (pino paths have no `**`). */
const REDACT_DEPTH = 5;

/** Paths that may carry credentials or personal data: never written out. */
export const REDACT = [
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  '*.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((key) => Array.from({ length: REDACT_DEPTH + 1 }, (_, depth) => `${'*.'.repeat(depth)}${key}`)),
];

export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'casework-api' },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: REDACT, censor: '[redacted]' },
});

/** Nest's own messages go through the same JSON logger. */
export class NestPinoLogger implements LoggerService {
  log(message: unknown, context?: string) {
    logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    logger.trace({ context }, String(message));
  }
}
