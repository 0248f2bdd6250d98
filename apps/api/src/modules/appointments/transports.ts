import type { ReminderChannel } from '@casework/contracts';
import { Env } from '../../config/env.js';

/** How an outbox row leaves: an SMTP relay, the SMS webhook, nowhere (demo: recorded only), or a work item. */
export type TransportName = 'smtp' | 'webhook' | 'demo' | 'work_item';

export interface OutgoingMessage {
  /** The outbox row's id: the only reference a provider gets besides the message itself. */
  id: string;
  channel: ReminderChannel;
  recipient: string;
  subject: string;
  body: string;
}

export interface ReminderTransport {
  send(message: OutgoingMessage): Promise<void>;
}

/** Demo mode without SMTP or webhook: the message is only recorded (the outbox row shows as sent). */
export const demoTransport: ReminderTransport = { send: async () => undefined };

/** E-mail through SMTP (nodemailer, loaded only when configured). */
export function smtpTransport(env: Env): ReminderTransport {
  let mailer: Promise<{ sendMail(options: Record<string, unknown>): Promise<unknown> }> | undefined;
  const connect = async () => {
    const { default: nodemailer } = await import('nodemailer');
    return nodemailer.createTransport({
      host: env.SMTP_HOST,
      port: env.SMTP_PORT,
      secure: env.SMTP_SECURE,
      auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
      logger: false,
    });
  };
  return {
    async send(m) {
      mailer ??= connect();
      await (
        await mailer
      ).sendMail({ from: env.SMTP_FROM, to: m.recipient, subject: m.subject, text: m.body, headers: { 'X-Casework-Ref': m.id } });
    },
  };
}

/** A text message: POST {to, text, reference} as JSON to SMS_WEBHOOK_URL; any answer but 2xx is a failure. */
export function webhookTransport(env: Env, fetchImpl: typeof fetch = fetch): ReminderTransport {
  return {
    async send(m) {
      const res = await fetchImpl(env.SMS_WEBHOOK_URL!, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(env.SMS_WEBHOOK_TOKEN ? { authorization: `Bearer ${env.SMS_WEBHOOK_TOKEN}` } : {}),
        },
        body: JSON.stringify({ to: m.recipient, text: m.body, reference: m.id }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new TransportError(`webhook_status_${res.status}`);
    },
  };
}

/** A failure whose message is safe to store: a code, never the provider's text (it may quote the address). */
export class TransportError extends Error {}

/** What may be stored about a failure: a short code, no addresses or message text. */
export function failureCode(e: unknown): string {
  if (e instanceof TransportError) return e.message.slice(0, 100);
  const err = e as { code?: unknown; name?: unknown; responseCode?: unknown; cause?: { code?: unknown } };
  // fetch puts the network error's code (ECONNREFUSED, UND_ERR_CONNECT_TIMEOUT ...) on its cause.
  const raw = err?.code ?? err?.cause?.code;
  const code = typeof raw === 'string' && /^[A-Za-z0-9_]{1,40}$/.test(raw) ? raw : undefined;
  const status = typeof err?.responseCode === 'number' ? `_${err.responseCode}` : '';
  return `${code ?? (typeof err?.name === 'string' && /^[A-Za-z]{1,40}$/.test(err.name) ? err.name : 'error')}${status}`;
}

/**
 * The transports of this process, chosen from the environment: SMTP when configured, the SMS
 * webhook when configured, and in demo mode the recording-only transport for whatever is not.
 * Tests replace one with `set`.
 */
export class ReminderTransports {
  private readonly byName = new Map<TransportName, ReminderTransport>();
  /** The transport each message channel goes out on, when it can go out at all. */
  readonly route: Partial<Record<'email' | 'sms', TransportName>> = {};

  constructor(env: Env) {
    if (env.SMTP_HOST) {
      this.byName.set('smtp', smtpTransport(env));
      this.route.email = 'smtp';
    }
    if (env.SMS_WEBHOOK_URL) {
      this.byName.set('webhook', webhookTransport(env));
      this.route.sms = 'webhook';
    }
    if (!env.production) {
      this.byName.set('demo', demoTransport);
      this.route.email ??= 'demo';
      this.route.sms ??= 'demo';
    }
  }

  get(name: TransportName): ReminderTransport | undefined {
    return this.byName.get(name);
  }

  set(name: TransportName, transport: ReminderTransport): void {
    this.byName.set(name, transport);
  }
}
