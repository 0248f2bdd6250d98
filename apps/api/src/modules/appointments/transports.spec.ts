import { loadEnv } from '../../config/env.js';
import { failureCode, ReminderTransports, TransportError, webhookTransport } from './transports.js';

describe('reminder transports', () => {
  it('keeps only a code of a failure, never the provider’s words (they may quote the address)', () => {
    expect(failureCode(Object.assign(new Error('550 <amina@example.test> unknown'), { code: 'EENVELOPE', responseCode: 550 }))).toBe(
      'EENVELOPE_550',
    );
    expect(failureCode(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))).toBe('ECONNREFUSED');
    expect(failureCode(new TransportError('webhook_status_502'))).toBe('webhook_status_502');
    expect(failureCode('nonsense <a@b.test>')).toBe('error');
  });

  it('routes e-mail and texts to what is configured, and in demo mode records what is not', () => {
    const demo = new ReminderTransports(loadEnv({ NODE_ENV: 'development' }));
    expect(demo.route).toEqual({ email: 'demo', sms: 'demo' });
    const prod = new ReminderTransports(
      loadEnv({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://x@h/db',
        JWT_SECRET: 'x'.repeat(40),
        SMS_WEBHOOK_URL: 'https://sms.example/send',
      }),
    );
    expect(prod.route).toEqual({ sms: 'webhook' });
    expect(prod.get('demo')).toBeUndefined();
  });

  it('posts a text as JSON with the bearer token, and fails on an answer that is not 2xx', async () => {
    const env = loadEnv({ NODE_ENV: 'development', SMS_WEBHOOK_URL: 'https://sms.example/send', SMS_WEBHOOK_TOKEN: 'tok' });
    const calls: Array<[string, RequestInit]> = [];
    let status = 202;
    const fake = (async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      return new Response(null, { status });
    }) as unknown as typeof fetch;
    const sms = webhookTransport(env, fake);
    const message = { id: 'm1', channel: 'sms' as const, recipient: '+33 6 00 00 00 00', subject: 's', body: 'Hello' };
    await sms.send(message);
    expect(calls[0][0]).toBe('https://sms.example/send');
    expect(JSON.parse(String(calls[0][1].body))).toEqual({ to: '+33 6 00 00 00 00', text: 'Hello', reference: 'm1' });
    expect(calls[0][1].headers).toMatchObject({ authorization: 'Bearer tok', 'content-type': 'application/json' });
    status = 500;
    await expect(sms.send(message)).rejects.toThrow('webhook_status_500');
  });

  it('refuses SMTP settings that do not go together', () => {
    expect(() => loadEnv({ SMTP_HOST: 'smtp.example' })).toThrow(/SMTP_FROM is required/);
    expect(() => loadEnv({ SMTP_HOST: 'smtp.example', SMTP_FROM: 'a@b', SMTP_USER: 'u' })).toThrow(/SMTP_USER and SMTP_PASSWORD/);
    expect(() => loadEnv({ SMS_WEBHOOK_URL: 'ftp://x' })).toThrow(/SMS_WEBHOOK_URL must be/);
  });
});
