import { LANGUAGES, type AppointmentChannel, type Language, type ReminderChannel, type ReminderKind } from '@casework/contracts';

/**
 * What a reminder says and how it travels: pure functions, so the wording, the choice of channel and
 * the retry schedule can be read and tested without a database.
 */

export interface ReminderFacts {
  kind: ReminderKind;
  /** The jobseeker's preferred language as stored (may be one we have no template for). */
  preferredLanguage: string | null;
  officeLanguage: Language;
  givenName: string;
  officeName: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  channel: AppointmentChannel;
}

/** The jobseeker's language when we write it, else the office's (which is always one of ours). */
export function messageLanguage(preferred: string | null, office: Language): Language {
  return (LANGUAGES as readonly string[]).includes(preferred ?? '') ? (preferred as Language) : office;
}

const LOCALES: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES' };

/** Formatters by language and zone: making one costs far more than formatting with it. */
const formatters = new Map<string, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function when(language: Language, timeZone: string, startsAt: Date, endsAt: Date) {
  const key = `${language}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    const locale = LOCALES[language];
    f = {
      date: new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
      time: new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    };
    formatters.set(key, f);
  }
  return { date: f.date.format(startsAt), time: f.time.format(startsAt), end: f.time.format(endsAt) };
}

type Template = (f: {
  name: string;
  office: string;
  date: string;
  time: string;
  end: string;
  kind: ReminderKind;
  channel: AppointmentChannel;
}) => {
  subject: string;
  body: string;
};

/** The three templates, in full: plain words, one idea a sentence, what to do if the time does not suit. */
export const TEMPLATES: Record<Language, Template> = {
  en: ({ name, office, date, time, end, kind, channel }) => ({
    subject: `Reminder: your appointment on ${date} at ${time}`,
    body: [
      `Hello ${name},`,
      kind === '2h'
        ? `Your appointment with ${office} is today, ${date}, at ${time}. It ends at ${end}.`
        : `This is a reminder of your appointment with ${office} on ${date} at ${time}. It ends at ${end}.`,
      {
        in_person: `Please come to ${office}. Bring this message and any papers you were asked for.`,
        phone: 'We will call you on the phone number we have for you. Please keep your phone with you.',
        video: 'We will send you a link for the video call. If the link does not work, please call your office.',
      }[channel],
      'If you cannot make it, please tell us as soon as you can, so that we can find another time. You can call your office or answer this message.',
      `Thank you,\n${office}`,
    ].join('\n\n'),
  }),
  fr: ({ name, office, date, time, end, kind, channel }) => ({
    subject: `Rappel : votre rendez-vous le ${date} à ${time}`,
    body: [
      `Bonjour ${name},`,
      kind === '2h'
        ? `Votre rendez-vous avec ${office} a lieu aujourd’hui, ${date}, à ${time}. Il se termine à ${end}.`
        : `Nous vous rappelons votre rendez-vous avec ${office} le ${date} à ${time}. Il se termine à ${end}.`,
      {
        in_person: `Merci de venir à ${office}. Apportez ce message et les papiers que l’on vous a demandés.`,
        phone: 'Nous vous appellerons au numéro de téléphone que nous avons. Gardez votre téléphone avec vous.',
        video: 'Nous vous enverrons un lien pour l’appel vidéo. Si le lien ne marche pas, appelez votre agence.',
      }[channel],
      'Si vous ne pouvez pas venir, prévenez-nous dès que possible, pour que nous trouvions un autre moment. Vous pouvez appeler votre agence ou répondre à ce message.',
      `Merci,\n${office}`,
    ].join('\n\n'),
  }),
  es: ({ name, office, date, time, end, kind, channel }) => ({
    subject: `Recordatorio: su cita el ${date} a las ${time}`,
    body: [
      `Hola, ${name}:`,
      kind === '2h'
        ? `Su cita con ${office} es hoy, ${date}, a las ${time}. Termina a las ${end}.`
        : `Le recordamos su cita con ${office} el ${date} a las ${time}. Termina a las ${end}.`,
      {
        in_person: `Por favor, venga a ${office}. Traiga este mensaje y los papeles que le pidieron.`,
        phone: 'Le llamaremos al número de teléfono que tenemos. Por favor, tenga su teléfono a mano.',
        video: 'Le enviaremos un enlace para la videollamada. Si el enlace no funciona, llame a su oficina.',
      }[channel],
      'Si no puede venir, avísenos lo antes posible, para que busquemos otro momento. Puede llamar a su oficina o responder a este mensaje.',
      `Gracias,\n${office}`,
    ].join('\n\n'),
  }),
};

export function reminderMessage(f: ReminderFacts): { language: Language; subject: string; body: string } {
  const language = messageLanguage(f.preferredLanguage, f.officeLanguage);
  const w = when(language, f.timeZone, f.startsAt, f.endsAt);
  return { language, ...TEMPLATES[language]({ name: f.givenName, office: f.officeName, kind: f.kind, channel: f.channel, ...w }) };
}

export interface ClientContact {
  digitalSkills: string;
  preferredChannel: string;
  email: string | null;
  phone: string | null;
}

/**
 * The client's own channel: no digital skills, or no usable contact for a channel we can send on,
 * means a phone call by the front desk; a client who prefers the phone gets a text first, anyone
 * else an e-mail first.
 */
export function reminderChannel(c: ClientContact, available: { email: boolean; sms: boolean }): ReminderChannel {
  if (c.digitalSkills === 'none') return 'phone_client';
  const email = available.email && !!c.email?.trim();
  const sms = available.sms && !!c.phone?.trim();
  if (c.preferredChannel === 'phone') return sms ? 'sms' : email ? 'email' : 'phone_client';
  return email ? 'email' : sms ? 'sms' : 'phone_client';
}

/** Seconds before the next attempt after `attempts` failed ones: doubling from `base`, at most six hours. */
export function backoffSeconds(attempts: number, base: number): number {
  return Math.min(base * 2 ** Math.max(0, attempts - 1), 6 * 3600);
}
