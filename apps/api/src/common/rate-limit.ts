import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AppException } from './errors.js';
import { prepared } from './sql.js';

/**
 * Counts a request against `key` in the current fixed window of `windowSeconds`, in PostgreSQL so
 * the limit holds however many API processes serve; over `max`, 429 RATE_LIMITED with Retry-After
 * (the rest of the window). `key` is hashed before it is stored (it may hold an address).
 */
export async function rateLimit(dataSource: DataSource, key: string, windowSeconds: number, max: number, message: string): Promise<void> {
  const hashed = createHash('sha256').update(key).digest('base64url');
  const [row] = await prepared<{ hits: number; retry: number }>(
    dataSource,
    `INSERT INTO rate_limit_hits AS r (key, window_start, hits)
     VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / $2) * $2), 1)
     ON CONFLICT (key, window_start) DO UPDATE SET hits = r.hits + 1
     RETURNING r.hits, ceil(extract(epoch FROM r.window_start) + $2 - extract(epoch FROM now()))::int AS retry`,
    [hashed, windowSeconds],
  );
  if (row.hits > max) throw new AppException(429, 'RATE_LIMITED', message, undefined, { 'Retry-After': String(Math.max(1, row.retry)) });
}

/** Forgets windows that ended more than a day ago (the daily purge job). */
export async function purgeRateLimits(dataSource: DataSource): Promise<number> {
  const rows = await dataSource.query(`DELETE FROM rate_limit_hits WHERE window_start < now() - interval '1 day' RETURNING 1`);
  return rows.length;
}
