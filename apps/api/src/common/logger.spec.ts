import { pino } from 'pino';
import { Writable } from 'node:stream';
import { REDACT } from './logger.js';

/** A pino logger configured like the API's, writing JSON lines into an array. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = pino({ level: 'trace', redact: { paths: REDACT, censor: '[redacted]' } }, stream);
  return { log, text: () => lines.join('') };
}

const SECRETS = {
  password: 'hunter2-hunter2',
  currentPassword: 'old-secret-phrase',
  newPassword: 'new-secret-phrase',
  oneTimePassword: 'OTPabcdefgh2345',
  accessToken: 'eyJhbGciOiJIUzI1NiJ9.payload.signature',
  refreshToken: 'refresh-secret-value',
  token: 'plain-token-value',
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$salt$hash',
};

describe('log redaction', () => {
  it('hides credentials in request headers', () => {
    const { log, text } = capture();
    log.info({
      req: {
        method: 'POST',
        url: '/api/auth/refresh',
        headers: { authorization: 'Bearer abc.def.ghi', cookie: 'cw_refresh=sid.secret', 'idempotency-key': 'k-123' },
      },
      res: { statusCode: 200, headers: { 'set-cookie': 'cw_refresh=sid.next; HttpOnly' } },
    });
    const out = text();
    for (const s of ['abc.def.ghi', 'sid.secret', 'sid.next', 'k-123']) expect(out).not.toContain(s);
    expect(out).toContain('[redacted]');
    expect(out).toContain('/api/auth/refresh');
  });

  it('hides secrets at the top level of a log line', () => {
    const { log, text } = capture();
    log.info({ ...SECRETS, userId: 'u-1' }, 'changed');
    const out = text();
    for (const s of Object.values(SECRETS)) expect(out).not.toContain(s);
    expect(out).toContain('u-1');
  });

  it('hides secrets nested one and several levels down (a body, a DTO inside an error)', () => {
    const { log, text } = capture();
    log.info({ body: { email: 'a@b.test', ...SECRETS } });
    log.error({ err: { message: 'failed', dto: { ...SECRETS } } });
    log.warn({ req: { body: { ...SECRETS } } });
    log.warn({ context: { job: { payload: { ...SECRETS } } } });
    log.info({ users: [{ ...SECRETS }] });
    const out = text();
    for (const s of Object.values(SECRETS)) expect(out).not.toContain(s);
    expect(out).toContain('a@b.test');
    expect(out).toContain('failed');
  });

  it('still logs the rest of the line', () => {
    const { log, text } = capture();
    log.info({ requestId: 'req-1', statusCode: 401, tokenType: 'Bearer' }, 'signed out');
    const line = JSON.parse(text());
    expect(line).toMatchObject({ requestId: 'req-1', statusCode: 401, tokenType: 'Bearer', msg: 'signed out' });
  });
});
