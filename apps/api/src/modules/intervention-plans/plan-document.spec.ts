import { AGREEMENT_METHODS, GOAL_OUTCOMES, LANGUAGES, PLAN_ACTION_TYPES } from '@casework/contracts';
import { documentLanguage, longDate, planDocument, toWinAnsi, WORDS, type PlanDocumentInput } from './plan-document.js';
import { renderPlanPdf } from './plan-pdf.js';
import { folded, pdfText } from '../../../test/pdf-text.js';

const input = (extra: Partial<PlanDocumentInput> = {}): PlanDocumentInput => ({
  preferredLanguage: 'en',
  officeLanguage: 'en',
  jobseekerName: 'Amal Haddad',
  caseReference: 'C-2026-000123',
  officeName: 'Northside Job Centre',
  contactName: 'Camille Counsel',
  contactEmail: 'counsellor@demo.test',
  agreedOn: '2026-12-01',
  agreementMethod: 'signed_paper',
  nextReviewDate: '2027-03-01',
  goals: [
    {
      description: 'Find work in a warehouse',
      targetDate: '2027-03-12',
      outcome: null,
      actions: [
        {
          type: 'job_search_support',
          description: 'Apply for three vacancies a week',
          provider: null,
          owner: 'jobseeker',
          ownerName: null,
          dueDate: '2027-01-15',
        },
        {
          type: 'training',
          description: 'Forklift course',
          provider: 'City Training Centre',
          owner: 'staff',
          ownerName: 'Camille Counsel',
          dueDate: null,
        },
      ],
    },
  ],
  ...extra,
});

const texts = (i: PlanDocumentInput) => planDocument(i).blocks.map((b) => `${b.kind}|${b.text}`);

describe('the jobseeker’s copy of a plan', () => {
  it('writes every word of the document in English, French and Spanish', () => {
    for (const language of LANGUAGES) {
      const w = WORDS[language];
      for (const type of PLAN_ACTION_TYPES) expect(w.types[type]).toBeTruthy();
      for (const method of AGREEMENT_METHODS) expect(w.methods[method]).toBeTruthy();
      for (const outcome of GOAL_OUTCOMES) expect(w.outcomes[outcome]).toBeTruthy();
      // Every word is one the standard font can show: nothing is lost on the page.
      const words = JSON.stringify(w);
      expect(toWinAnsi(words)).toBe(words);
      const doc = planDocument(input({ preferredLanguage: language }));
      expect(doc.blocks.filter((b) => b.text.includes('?'))).toEqual([]);
    }
  });

  it('lays out the goals with their target dates and each action: what, who, by when', () => {
    expect(texts(input())).toEqual([
      'title|Your action plan',
      `paragraph|${WORDS.en.intro}`,
      'fact|Name: Amal Haddad',
      'fact|Case reference: C-2026-000123',
      'fact|Office: Northside Job Centre',
      'fact|Your contact: Camille Counsel (counsellor@demo.test)',
      'heading|Your goals',
      'goal|Goal 1: Find work in a warehouse',
      'paragraph|Aim to reach this by 12 March 2027.',
      'label|What will be done:',
      'action|Help with looking for work: Apply for three vacancies a week',
      'detail|Who: You',
      'detail|By when: 15 January 2027',
      'action|Training: Forklift course',
      'detail|Who: Camille Counsel · With: City Training Centre',
      'heading|Your agreement',
      'paragraph|You agreed to this plan on 1 December 2026. You signed it on paper.',
      'heading|Next review',
      `paragraph|${WORDS.en.reviewOn('1 March 2027')}`,
      'heading|What happens next',
      `paragraph|${WORDS.en.nextText}`,
      'heading|If you cannot attend',
      `paragraph|${WORDS.en.absentText('Camille Counsel (counsellor@demo.test)')}`,
    ]);
  });

  it('uses French typography and dates, and Spanish ones', () => {
    const fr = texts(input({ preferredLanguage: 'fr', agreementMethod: 'verbal_phone' }));
    expect(fr).toEqual(
      expect.arrayContaining([
        'title|Votre plan d’action',
        'goal|Objectif 1\u00a0: Find work in a warehouse',
        'paragraph|À atteindre d’ici le 12 mars 2027.',
        'detail|Pour quand\u00a0: 15 janvier 2027',
        'detail|Qui\u00a0: Vous',
        'paragraph|Vous avez donné votre accord à ce plan le 1 décembre 2026. Vous avez dit oui au téléphone.',
      ]),
    );
    const es = texts(input({ preferredLanguage: 'es', goals: [{ ...input().goals[0], outcome: 'partly_achieved' }] }));
    expect(es).toEqual(
      expect.arrayContaining([
        'title|Su plan de acción',
        'goal|Objetivo 1: Find work in a warehouse',
        'paragraph|Fecha prevista para lograrlo: 12 de marzo de 2027.',
        'paragraph|Resultado: logrado en parte.',
        'detail|Quién: Usted',
        'heading|Si no puede acudir',
      ]),
    );
  });

  it('falls back to the office’s language, then English; names the office when the case has no worker', () => {
    expect(documentLanguage('fr-CA', 'en')).toBe('fr');
    expect(documentLanguage('de', 'fr')).toBe('fr');
    expect(documentLanguage('ar', 'xx')).toBe('en');
    const doc = planDocument(input({ preferredLanguage: 'pl', officeLanguage: 'es', contactName: null, contactEmail: null }));
    expect(doc.language).toBe('es');
    expect(doc.blocks.find((b) => b.text.startsWith('Su persona de contacto'))!.text).toBe(
      'Su persona de contacto: su oficina, Northside Job Centre',
    );
    // The title in the PDF's metadata carries the case reference, not the name.
    expect(doc.title).toBe('Plan de acción C-2026-000123');
    expect(doc.footer(1, 2)).toBe('C-2026-000123 · Página 1 de 2');
  });

  it('writes what the standard font cannot show without its accent, or as ?', () => {
    expect(toWinAnsi('Œuvre à Ærø, “quotes” – ok')).toBe('Œuvre à Ærø, “quotes” – ok');
    expect(toWinAnsi('Łódź Dvořák\u202fx\nnext')).toBe('?ódz Dvorák x next');
    expect(toWinAnsi('日本 😀')).toBe('?? ?');
    expect(longDate('2027-01-05', 'es-ES')).toBe('5 de enero de 2027');
  });

  it('renders a PDF whose text reads back, compressed or not, with a footer on every page', async () => {
    const many = input({ goals: Array.from({ length: 6 }, () => input().goals[0]) });
    for (const compress of [true, false]) {
      const pdf = await renderPlanPdf(planDocument(many), { compress });
      expect(pdf.subarray(0, 8).toString()).toBe('%PDF-1.7');
      expect(pdf.subarray(-6).toString()).toContain('%%EOF');
      const text = folded(pdfText(pdf));
      expect(text).toContain('Your action plan');
      expect(text).toContain('Goal 6: Find work in a warehouse');
      const pages = [...text.matchAll(/C-2026-000123 · Page (\d+) of (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      expect(pages.length).toBeGreaterThan(1);
      expect(pages).toEqual(pages.map((_, i) => [i + 1, pages.length]));
    }
  });
});
