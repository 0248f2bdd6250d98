/**
 * The words of the jobseeker's copy of an agreed plan, in English, French or Spanish: plain
 * language, short sentences, the person addressed directly. Pure: `planDocument` turns a plan into
 * blocks (title, headings, paragraphs, items) that `renderPlanPdf` lays out.
 */
import {
  LANGUAGES,
  type AgreementMethod,
  type GoalOutcome,
  type Language,
  type PlanActionOwner,
  type PlanActionType,
} from '@casework/contracts';

export interface PlanDocumentInput {
  /** The jobseeker's preferred language (anything), and the office's (en, fr or es) to fall back on. */
  preferredLanguage: string;
  officeLanguage: string;
  jobseekerName: string;
  caseReference: string;
  officeName: string;
  contactName: string | null;
  contactEmail: string | null;
  agreedOn: string;
  agreementMethod: AgreementMethod;
  nextReviewDate: string | null;
  goals: Array<{
    description: string;
    targetDate: string | null;
    outcome: GoalOutcome | null;
    actions: Array<{
      type: PlanActionType;
      description: string;
      provider: string | null;
      owner: PlanActionOwner;
      ownerName: string | null;
      dueDate: string | null;
    }>;
  }>;
}

export type BlockKind = 'title' | 'heading' | 'goal' | 'label' | 'paragraph' | 'fact' | 'action' | 'detail';

export interface Block {
  kind: BlockKind;
  text: string;
}

export interface PlanDocument {
  language: Language;
  /** For the PDF's metadata: no personal data (the case reference only). */
  title: string;
  blocks: Block[];
  footer: (page: number, pages: number) => string;
}

interface Words {
  locale: string;
  /** ': ', or in French '\u00a0: ' (a non-breaking space before the colon). */
  colon: string;
  title: string;
  intro: string;
  name: string;
  reference: string;
  office: string;
  contact: string;
  goals: string;
  goal: (n: number, text: string) => string;
  target: (date: string) => string;
  result: (outcome: string) => string;
  actions: string;
  who: string;
  you: string;
  byWhen: string;
  provider: string;
  agreement: string;
  agreed: (date: string) => string;
  review: string;
  reviewOn: (date: string) => string;
  noReview: string;
  next: string;
  nextText: string;
  absent: string;
  absentText: (contact: string) => string;
  yourOffice: (office: string) => string;
  footer: (reference: string, page: number, pages: number) => string;
  docTitle: (reference: string) => string;
  types: Record<PlanActionType, string>;
  methods: Record<AgreementMethod, string>;
  outcomes: Record<GoalOutcome, string>;
}

// French typography puts a non-breaking space (U+00A0, in WinAnsi) before a colon.
const NB = '\u00a0';

export const WORDS: Record<Language, Words> = {
  en: {
    locale: 'en-GB',
    colon: ': ',
    title: 'Your action plan',
    intro:
      'This is the plan we agreed together. It shows your goals, what will be done to reach them, who does it and by when. Keep it and bring it to your appointments.',
    name: 'Name',
    reference: 'Case reference',
    office: 'Office',
    contact: 'Your contact',
    goals: 'Your goals',
    goal: (n, text) => `Goal ${n}: ${text}`,
    target: (date) => `Aim to reach this by ${date}.`,
    result: (outcome) => `Result: ${outcome}.`,
    actions: 'What will be done',
    who: 'Who',
    you: 'You',
    byWhen: 'By when',
    provider: 'With',
    agreement: 'Your agreement',
    agreed: (date) => `You agreed to this plan on ${date}.`,
    review: 'Next review',
    reviewOn: (date) =>
      `We will look at your plan together again on ${date}, or a few days before. We will tell you the time and the place.`,
    noReview: 'We will set the date of your next review together.',
    next: 'What happens next',
    nextText:
      'Start with the actions that have the earliest date. If something gets in the way, tell us: we can change the plan together. We look at your plan regularly to see what is working for you.',
    absent: 'If you cannot attend',
    absentText: (contact) =>
      `If you cannot come to an appointment or do one of the actions, contact ${contact} as soon as you can, before the date if possible. We will find another time with you.`,
    yourOffice: (office) => `your office, ${office}`,
    footer: (reference, page, pages) => `${reference} · Page ${page} of ${pages}`,
    docTitle: (reference) => `Action plan ${reference}`,
    types: {
      training: 'Training',
      job_search_support: 'Help with looking for work',
      counselling: 'Meetings with your adviser',
      work_experience: 'Work experience',
      wage_subsidy: 'A job with wage support',
      referral: 'Help from another service',
      other: 'Other',
    },
    methods: {
      signed_paper: 'You signed it on paper.',
      verbal_in_person: 'You said yes in person.',
      verbal_phone: 'You said yes on the phone.',
      digital: 'You agreed online.',
    },
    outcomes: {
      achieved: 'reached',
      partly_achieved: 'partly reached',
      not_achieved: 'not reached',
      no_longer_relevant: 'no longer needed',
    },
  },
  fr: {
    locale: 'fr-FR',
    colon: `${NB}: `,
    title: 'Votre plan d’action',
    intro:
      'Voici le plan que nous avons établi ensemble. Il présente vos objectifs, ce qui sera fait pour les atteindre, par qui et pour quand. Gardez-le et apportez-le à vos rendez-vous.',
    name: 'Nom',
    reference: 'Référence du dossier',
    office: 'Agence',
    contact: 'Votre contact',
    goals: 'Vos objectifs',
    goal: (n, text) => `Objectif ${n}${NB}: ${text}`,
    target: (date) => `À atteindre d’ici le ${date}.`,
    result: (outcome) => `Résultat${NB}: ${outcome}.`,
    actions: 'Ce qui sera fait',
    who: 'Qui',
    you: 'Vous',
    byWhen: 'Pour quand',
    provider: 'Avec',
    agreement: 'Votre accord',
    agreed: (date) => `Vous avez donné votre accord à ce plan le ${date}.`,
    review: 'Prochain bilan',
    reviewOn: (date) =>
      `Nous referons le point ensemble sur votre plan le ${date}, ou quelques jours avant. Nous vous dirons l’heure et le lieu.`,
    noReview: 'Nous fixerons ensemble la date de votre prochain bilan.',
    next: 'La suite',
    nextText: `Commencez par les actions dont la date est la plus proche. Si quelque chose vous gêne, dites-le-nous${NB}: nous pouvons changer le plan ensemble. Nous regardons votre plan régulièrement pour voir ce qui marche pour vous.`,
    absent: 'Si vous ne pouvez pas venir',
    absentText: (contact) =>
      `Si vous ne pouvez pas venir à un rendez-vous ou faire une des actions, contactez ${contact} dès que possible, avant la date si vous le pouvez. Nous trouverons un autre moment avec vous.`,
    yourOffice: (office) => `votre agence, ${office}`,
    footer: (reference, page, pages) => `${reference} · Page ${page} sur ${pages}`,
    docTitle: (reference) => `Plan d’action ${reference}`,
    types: {
      training: 'Formation',
      job_search_support: 'Aide à la recherche d’emploi',
      counselling: 'Entretiens avec votre conseiller',
      work_experience: 'Immersion en entreprise',
      wage_subsidy: 'Emploi aidé',
      referral: 'Aide d’un autre service',
      other: 'Autre',
    },
    methods: {
      signed_paper: 'Vous l’avez signé sur papier.',
      verbal_in_person: 'Vous avez dit oui en personne.',
      verbal_phone: 'Vous avez dit oui au téléphone.',
      digital: 'Vous avez donné votre accord en ligne.',
    },
    outcomes: {
      achieved: 'atteint',
      partly_achieved: 'atteint en partie',
      not_achieved: 'non atteint',
      no_longer_relevant: 'n’est plus nécessaire',
    },
  },
  es: {
    locale: 'es-ES',
    colon: ': ',
    title: 'Su plan de acción',
    intro:
      'Este es el plan que acordamos juntos. Recoge sus objetivos, lo que se hará para alcanzarlos, quién lo hará y cuándo. Guárdelo y tráigalo a sus citas.',
    name: 'Nombre',
    reference: 'Referencia del expediente',
    office: 'Oficina',
    contact: 'Su persona de contacto',
    goals: 'Sus objetivos',
    goal: (n, text) => `Objetivo ${n}: ${text}`,
    target: (date) => `Fecha prevista para lograrlo: ${date}.`,
    result: (outcome) => `Resultado: ${outcome}.`,
    actions: 'Qué se hará',
    who: 'Quién',
    you: 'Usted',
    byWhen: 'Para cuándo',
    provider: 'Con',
    agreement: 'Su conformidad',
    agreed: (date) => `Usted aceptó este plan el ${date}.`,
    review: 'Próxima revisión',
    reviewOn: (date) => `Volveremos a revisar su plan juntos el ${date}, o unos días antes. Le diremos la hora y el lugar.`,
    noReview: 'Fijaremos juntos la fecha de su próxima revisión.',
    next: 'Próximos pasos',
    nextText:
      'Empiece por las acciones que tienen la fecha más próxima. Si algo se lo impide, díganoslo: podemos cambiar el plan juntos. Revisamos su plan con regularidad para ver qué le funciona.',
    absent: 'Si no puede acudir',
    absentText: (contact) =>
      `Si no puede acudir a una cita o hacer una de las acciones, póngase en contacto con ${contact} lo antes posible, a ser posible antes de la fecha. Buscaremos otro momento con usted.`,
    yourOffice: (office) => `su oficina, ${office}`,
    footer: (reference, page, pages) => `${reference} · Página ${page} de ${pages}`,
    docTitle: (reference) => `Plan de acción ${reference}`,
    types: {
      training: 'Formación',
      job_search_support: 'Ayuda para buscar empleo',
      counselling: 'Citas con su orientador',
      work_experience: 'Prácticas en una empresa',
      wage_subsidy: 'Empleo con ayuda al salario',
      referral: 'Ayuda de otro servicio',
      other: 'Otro',
    },
    methods: {
      signed_paper: 'Lo firmó en papel.',
      verbal_in_person: 'Dijo que sí en persona.',
      verbal_phone: 'Dijo que sí por teléfono.',
      digital: 'Lo aceptó en línea.',
    },
    outcomes: {
      achieved: 'logrado',
      partly_achieved: 'logrado en parte',
      not_achieved: 'no logrado',
      no_longer_relevant: 'ya no es necesario',
    },
  },
};

/** The jobseeker's language when it is one we write (en, fr, es); else the office's; else English. */
export function documentLanguage(preferred: string, office: string): Language {
  const known = (l: string) => (LANGUAGES as readonly string[]).includes(l);
  const base = preferred.toLowerCase().split(/[-_]/)[0];
  if (known(base)) return base as Language;
  return known(office) ? (office as Language) : 'en';
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** A calendar date in words: 12 March 2027, 12 mars 2027, 12 de marzo de 2027. */
export function longDate(date: string, locale: string): string {
  let f = formats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    formats.set(locale, f);
  }
  return f.format(new Date(`${date}T12:00:00Z`));
}

/**
 * Characters the PDF's standard Helvetica can show (WinAnsi: Latin-1 and a few more, which
 * covers English, French and Spanish). Anything else in what staff typed is written without its
 * accent where it has one (ł stays ?, ő becomes o), so the page never shows an empty box.
 */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const inWinAnsi = (ch: string) => {
  const c = ch.codePointAt(0)!;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch);
};

export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text
    .normalize('NFC')
    .replace(/[\u2000-\u200a\u202f\u205f]/g, ' ')
    .replace(/[\t\r\n]+/g, ' ')) {
    if (inWinAnsi(ch)) out += ch;
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += base && [...base].every(inWinAnsi) ? base : '?';
    }
  }
  return out;
}

/** The blocks of the jobseeker's copy, in their language. */
export function planDocument(input: PlanDocumentInput): PlanDocument {
  const language = documentLanguage(input.preferredLanguage, input.officeLanguage);
  const w = WORDS[language];
  const date = (d: string) => longDate(d, w.locale);
  const blocks: Block[] = [];
  const add = (kind: BlockKind, text: string) => blocks.push({ kind, text: toWinAnsi(text) });
  const contact = input.contactName
    ? `${input.contactName}${input.contactEmail ? ` (${input.contactEmail})` : ''}`
    : w.yourOffice(input.officeName);

  add('title', w.title);
  add('paragraph', w.intro);
  const c = w.colon;
  add('fact', `${w.name}${c}${input.jobseekerName}`);
  add('fact', `${w.reference}${c}${input.caseReference}`);
  add('fact', `${w.office}${c}${input.officeName}`);
  add('fact', `${w.contact}${c}${contact}`);

  add('heading', w.goals);
  input.goals.forEach((g, i) => {
    add('goal', w.goal(i + 1, g.description));
    if (g.targetDate) add('paragraph', w.target(date(g.targetDate)));
    if (g.outcome) add('paragraph', w.result(w.outcomes[g.outcome]));
    if (g.actions.length) add('label', `${w.actions}${c.trimEnd()}`);
    for (const a of g.actions) {
      add('action', `${w.types[a.type]}${c}${a.description}`);
      const who = a.owner === 'jobseeker' ? w.you : (a.ownerName ?? input.officeName);
      add('detail', `${w.who}${c}${who}${a.provider ? ` · ${w.provider}${c}${a.provider}` : ''}`);
      if (a.dueDate) add('detail', `${w.byWhen}${c}${date(a.dueDate)}`);
    }
  });

  add('heading', w.agreement);
  add('paragraph', `${w.agreed(date(input.agreedOn))} ${w.methods[input.agreementMethod]}`);
  add('heading', w.review);
  add('paragraph', input.nextReviewDate ? w.reviewOn(date(input.nextReviewDate)) : w.noReview);
  add('heading', w.next);
  add('paragraph', w.nextText);
  add('heading', w.absent);
  add('paragraph', w.absentText(contact));

  return {
    language,
    title: toWinAnsi(w.docTitle(input.caseReference)),
    blocks,
    footer: (page, pages) => toWinAnsi(w.footer(input.caseReference, page, pages)),
  };
}
