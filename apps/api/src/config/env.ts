import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());

/** The environment, validated at boot: a bad value stops the process with a message naming it. */
export class Env {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /**
   * Comma-separated postgres:// URLs of read replicas (streaming standbys of DATABASE_URL). Reports
   * read from them; everything else, reads included, stays on DATABASE_URL.
   */
  @IsOptional()
  @IsString()
  DATABASE_REPLICA_URLS?: string;

  /** Where demo mode keeps the embedded database and its generated secrets. */
  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 bytes' })
  JWT_SECRET?: string;

  @IsString()
  JWT_ISSUER = 'casework';

  @IsString()
  JWT_AUDIENCE = 'casework-api';

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(900)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(30)
  SESSION_IDLE_MINUTES = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(12)
  SESSION_MAX_HOURS = 12;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_MINUTES = 15;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_BASE_DELAY_SECONDS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_DELAY_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_IP_MAX_FAILURES = 300;

  @Transform(toInt)
  @IsInt()
  @Min(19456)
  ARGON2_MEMORY_KIB = 19456;

  @Transform(toInt)
  @IsInt()
  @Min(2)
  ARGON2_TIME_COST = 2;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  DEMO_SEED?: boolean;

  /** Comma-separated origins allowed by CORS (the Vite dev server in demo mode). */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsOptional()
  @IsString()
  WEB_DIST?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 20;

  /** Connections per replica (and to the primary when a replica cannot be reached) for report reads. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  DB_REPORT_POOL_SIZE = 4;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  SHUTDOWN_TIMEOUT_MS = 10000;

  /**
   * Which proxies' X-Forwarded-For to believe for the client address (login throttling per IP,
   * audit): Express "trust proxy" syntax, e.g. "loopback", "10.0.0.0/8", or a hop count like "1".
   */
  @IsString()
  TRUST_PROXY = 'loopback';

  /** Background jobs (pg-boss): escalation of overdue work items. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  JOBS_ENABLED = true;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  JOBS_POLL_SECONDS = 2;

  /** Appointment reminders by e-mail: an SMTP relay. Without it, demo mode only records messages in the outbox. */
  @IsOptional()
  @IsString()
  SMTP_HOST?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT = 587;

  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SMTP_SECURE = false;

  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  @IsOptional()
  @IsString()
  SMTP_PASSWORD?: string;

  /** The sender address of reminders, e.g. "Casework <no-reply@pes.example>". */
  @IsOptional()
  @IsString()
  SMTP_FROM?: string;

  /** Text reminders: each is POSTed as JSON {to, text, reference} to this URL. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'SMS_WEBHOOK_URL must be an http(s):// URL' })
  SMS_WEBHOOK_URL?: string;

  /** Sent as `Authorization: Bearer <token>` to the SMS webhook, when set. */
  @IsOptional()
  @IsString()
  SMS_WEBHOOK_TOKEN?: string;

  /** Attempts to deliver one reminder before it is marked failed. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  REMINDERS_MAX_ATTEMPTS = 5;

  /** Wait after the first failed attempt; it doubles with each further one (at most six hours). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REMINDERS_BACKOFF_SECONDS = 60;

  /** The address staff reach the API at, for the calendar-feed URL (e.g. https://casework.pes.example); else a path. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'PUBLIC_URL must be an http(s):// URL' })
  PUBLIC_URL?: string;

  get production(): boolean {
    return this.NODE_ENV === 'production';
  }

  /** DATABASE_REPLICA_URLS as a list (empty when unset). */
  get replicaUrls(): string[] {
    return replicaUrls(this.DATABASE_REPLICA_URLS);
  }
}

const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;

function replicaUrls(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export class EnvError extends Error {}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const known = Object.keys(new Env()).concat([
    'DATABASE_URL',
    'DATABASE_REPLICA_URLS',
    'DATA_DIR',
    'JWT_SECRET',
    'DEMO_SEED',
    'CORS_ORIGINS',
    'WEB_DIST',
    'SMTP_HOST',
    'SMTP_USER',
    'SMTP_PASSWORD',
    'SMTP_FROM',
    'SMS_WEBHOOK_URL',
    'SMS_WEBHOOK_TOKEN',
    'PUBLIC_URL',
  ]);
  const raw: Record<string, unknown> = {};
  for (const key of known) if (source[key] !== undefined && source[key] !== '') raw[key] = source[key];
  const env = plainToInstance(Env, raw);
  const problems = validateSync(env, { whitelist: true }).flatMap((e) => Object.values(e.constraints ?? {}));
  if (env.production) {
    if (!env.DATABASE_URL) problems.push('DATABASE_URL is required when NODE_ENV=production');
    if (!env.JWT_SECRET) problems.push('JWT_SECRET (at least 32 bytes) is required when NODE_ENV=production');
    if (env.DEMO_SEED) problems.push('DEMO_SEED is refused when NODE_ENV=production');
  }
  const replicas = env.replicaUrls;
  if (replicas.some((u) => !POSTGRES_URL.test(u))) problems.push('DATABASE_REPLICA_URLS must be comma-separated postgres:// URLs');
  if (replicas.length && !env.DATABASE_URL) problems.push('DATABASE_REPLICA_URLS needs DATABASE_URL (the primary they replicate)');
  if (env.SMTP_HOST && !env.SMTP_FROM) problems.push('SMTP_FROM is required when SMTP_HOST is set');
  if (!!env.SMTP_USER !== !!env.SMTP_PASSWORD) problems.push('SMTP_USER and SMTP_PASSWORD go together');
  if (problems.length) throw new EnvError(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
  return env;
}
