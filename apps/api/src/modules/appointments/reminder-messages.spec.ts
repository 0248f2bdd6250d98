import { backoffSeconds, messageLanguage, reminderChannel, reminderMessage, TEMPLATES } from './reminder-messages.js';

const facts = {
  kind: '48h' as const,
  preferredLanguage: 'fr',
  officeLanguage: 'en' as const,
  givenName: 'Amina',
  officeName: 'Northside Job Centre',
  timeZone: 'Europe/Paris',
  startsAt: new Date('2026-12-02T08:30:00Z'),
  endsAt: new Date('2026-12-02T09:00:00Z'),
  channel: 'in_person' as const,
};

describe('reminder messages', () => {
  it('writes in the jobseeker’s language, else the office’s', () => {
    expect(messageLanguage('es', 'fr')).toBe('es');
    expect(messageLanguage('ar', 'fr')).toBe('fr');
    expect(messageLanguage(null, 'en')).toBe('en');
  });

  it('gives the date and time on the office’s clock, in each language', () => {
    const fr = reminderMessage(facts);
    expect(fr.language).toBe('fr');
    expect(fr.subject).toBe('Rappel : votre rendez-vous le mercredi 2 décembre 2026 à 09:30');
    expect(fr.body).toContain('Bonjour Amina,');
    expect(fr.body).toContain('Il se termine à 10:00.');
    expect(fr.body).toContain('Merci de venir à Northside Job Centre.');
    const en = reminderMessage({ ...facts, preferredLanguage: 'en' });
    expect(en.subject).toBe('Reminder: your appointment on Wednesday, 2 December 2026 at 09:30');
    const es = reminderMessage({ ...facts, preferredLanguage: 'es', kind: '2h', channel: 'phone' });
    expect(es.subject).toBe('Recordatorio: su cita el miércoles, 2 de diciembre de 2026 a las 09:30');
    expect(es.body).toContain('Su cita con Northside Job Centre es hoy');
    expect(es.body).toContain('Le llamaremos');
  });

  it('has every template say what to do when the time does not suit, for every channel', () => {
    for (const [language, template] of Object.entries(TEMPLATES)) {
      for (const channel of ['in_person', 'phone', 'video'] as const) {
        const { subject, body } = template({ name: 'N', office: 'O', date: 'D', time: 'T', end: 'E', kind: '48h', channel });
        expect([language, subject.length > 10, body.split('\n\n').length]).toEqual([language, true, 5]);
      }
    }
  });

  it('chooses the client’s channel, and a phone call when there is no digital skill or no usable contact', () => {
    const all = { email: true, sms: true };
    const client = { digitalSkills: 'basic', preferredChannel: 'online', email: 'a@b.test', phone: '+33 6 00 00 00 00' };
    expect(reminderChannel(client, all)).toBe('email');
    expect(reminderChannel({ ...client, preferredChannel: 'phone' }, all)).toBe('sms');
    expect(reminderChannel({ ...client, email: null }, all)).toBe('sms');
    expect(reminderChannel({ ...client, email: '  ', phone: null }, all)).toBe('phone_client');
    expect(reminderChannel({ ...client, digitalSkills: 'none' }, all)).toBe('phone_client');
    expect(reminderChannel(client, { email: false, sms: false })).toBe('phone_client');
  });

  it('backs off exponentially, up to six hours', () => {
    expect([1, 2, 3, 4].map((n) => backoffSeconds(n, 60))).toEqual([60, 120, 240, 480]);
    expect(backoffSeconds(30, 60)).toBe(6 * 3600);
  });
});
