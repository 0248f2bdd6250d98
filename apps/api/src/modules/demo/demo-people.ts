import type { Faker } from '@faker-js/faker';
import { faker as fakerEnGb } from '@faker-js/faker/locale/en_GB';
import { faker as fakerEnNg } from '@faker-js/faker/locale/en_NG';
import { faker as fakerEs } from '@faker-js/faker/locale/es';
import { faker as fakerFr } from '@faker-js/faker/locale/fr';
import { faker as fakerFrSn } from '@faker-js/faker/locale/fr_SN';
import { faker as fakerKu } from '@faker-js/faker/locale/ku_kmr_latin';
import { faker as fakerPl } from '@faker-js/faker/locale/pl';
import { faker as fakerPt } from '@faker-js/faker/locale/pt_PT';
import { faker as fakerRo } from '@faker-js/faker/locale/ro';
import { faker as fakerTr } from '@faker-js/faker/locale/tr';
import { faker as fakerVi } from '@faker-js/faker/locale/vi';
import type { Channel, DigitalSkills, MigrantStatus, Role } from '@casework/contracts';
import { normaliseName } from '../jobseekers/name-key.js';
import { DEMO_EXTRA_STAFF, DEMO_USERS } from './demo-data.js';
import { DEMO_SEED, Rng, addDays, localDate } from './demo-random.js';

/** Draws numbers; reseeded per person. */
export const rng = new Rng();

/**
 * Faker draws names and streets in sequence from one seed per locale (reseeding faker costs ~0.2 ms,
 * too slow to do per person); call this before drawing a population or the staff.
 */
export function seedFakers(stream: number): void {
  [fakerEnGb, fakerFr, ...ORIGINS.map((o) => o.faker)].forEach((f, i) => f.seed([DEMO_SEED, stream, i]));
}

/** Office 0 is English-speaking, office 1 French-speaking (see DEMO_OFFICES). */
const LOCAL: Record<0 | 1, Faker> = { 0: fakerEnGb, 1: fakerFr };

/** Where people who came from abroad were born, as faker locales, with the language they speak. */
const ORIGINS: Array<{ faker: Faker; language: string; weight: number }> = [
  { faker: fakerEs, language: 'es', weight: 3 },
  { faker: fakerPt, language: 'pt', weight: 2 },
  { faker: fakerPl, language: 'pl', weight: 2 },
  { faker: fakerRo, language: 'ro', weight: 2 },
  { faker: fakerTr, language: 'tr', weight: 2 },
  { faker: fakerKu, language: 'ku', weight: 2 },
  { faker: fakerVi, language: 'vi', weight: 1 },
  { faker: fakerEnNg, language: 'yo', weight: 2 },
  { faker: fakerFrSn, language: 'wo', weight: 2 },
];

interface Place {
  municipality: string;
  postcode: string;
}

/** Municipalities served by each office; the rural ones last. */
const PLACES: Record<0 | 1, { urban: Place[]; rural: Place[] }> = {
  0: {
    urban: [
      { municipality: 'Northside', postcode: 'NS1 4AB' },
      { municipality: 'Northside', postcode: 'NS2 7QT' },
      { municipality: 'Millbrook', postcode: 'NS3 2HD' },
      { municipality: 'Kingsbridge', postcode: 'NS4 9LP' },
      { municipality: 'Ashford Green', postcode: 'NS5 1RW' },
    ],
    rural: [
      { municipality: 'Little Hadley', postcode: 'NS9 3XE' },
      { municipality: 'Brookfield Moor', postcode: 'NS9 8JF' },
    ],
  },
  1: {
    urban: [
      { municipality: 'Riverside', postcode: '76100' },
      { municipality: 'Riverside', postcode: '76000' },
      { municipality: 'Saint-Aubin-lès-Rives', postcode: '76410' },
      { municipality: 'Bellevue-sur-Seine', postcode: '76120' },
    ],
    rural: [
      { municipality: 'Les Granges', postcode: '76560' },
      { municipality: 'Saint-Martin-des-Champs', postcode: '76750' },
      { municipality: 'Val-de-Brèche', postcode: '76890' },
    ],
  },
};

const ACCOMMODATIONS: Record<0 | 1, string[]> = {
  0: [
    'Step-free access',
    'Hearing loop in interviews',
    'Large-print letters',
    'Screen reader compatible documents',
    'Short breaks during long appointments',
    'Quiet room for appointments',
  ],
  1: [
    'Accès de plain-pied',
    'Boucle magnétique',
    'Courriers en gros caractères',
    'Documents compatibles lecteur d’écran',
    'Pauses pendant les rendez-vous longs',
    'Salle calme pour les entretiens',
  ],
};

/** ISCO-08 unit groups by the education they usually need (low, middle, high). */
export const OCCUPATIONS = {
  low: ['9112', '9313', '9329', '9333', '9412', '9621', '9211', '5120', '5131', '5223', '5230', '8160', '7112', '7115', '6111', '5414'],
  middle: [
    '4110',
    '4222',
    '4311',
    '4321',
    '5321',
    '5322',
    '5311',
    '5141',
    '7231',
    '7411',
    '7126',
    '8322',
    '8332',
    '3341',
    '3313',
    '3512',
    '7512',
    '8211',
    '4225',
  ],
  high: ['2512', '2341', '2411', '2221', '2431', '2611', '3221', '3343', '3313', '3512'],
} as const;

export interface PersonFacts {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  gender: string | null;
  female: boolean;
  email: string | null;
  phone: string | null;
  addressLine: string | null;
  postcode: string | null;
  municipality: string | null;
  rural: boolean;
  nationalId: string | null;
  preferredLanguage: string;
  preferredChannel: Channel;
  digitalSkills: DigitalSkills;
  disability: boolean;
  accommodations: string | null;
  interpreterNeeded: boolean;
  interpreterLanguage: string | null;
  migrantStatus: MigrantStatus;
  careerBreak: boolean;
  educationLevel: number;
  lastOccupation: string | null;
}

const ascii = (s: string) => normaliseName(s).replace(/ /g, '');

/** UK numbers reserved for drama (07700 900000-900999) and French ones reserved for fiction (06 39 98 xx xx). */
function phone(office: 0 | 1): string {
  if (office === 0) return `+44 7700 900${String(rng.int(0, 999)).padStart(3, '0')}`;
  return `06 39 98 ${String(rng.int(0, 99)).padStart(2, '0')} ${String(rng.int(0, 99)).padStart(2, '0')}`;
}

/** Unique by construction (derived from `n`): QQ-prefixed UK numbers are reserved for examples. */
function nationalId(office: 0 | 1, n: number, female: boolean, dob: string, abroad: boolean): string {
  if (office === 0) {
    const d = String(100_000 + n).slice(-6);
    return `QQ ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4, 6)} ${'ABCD'[n % 4]}`;
  }
  // Shaped like a French NIR: sex, year and month of birth, department (99 = born abroad), commune, order, key.
  const body = `${female ? 2 : 1}${dob.slice(2, 4)}${dob.slice(5, 7)}${abroad ? '99' : '76'}${String(100 + Math.floor(n / 1000)).padStart(3, '0')}${String(n % 1000).padStart(3, '0')}`;
  const key = String(97 - Number(BigInt(body) % 97n)).padStart(2, '0');
  return `${body[0]} ${body.slice(1, 3)} ${body.slice(3, 5)} ${body.slice(5, 7)} ${body.slice(7, 10)} ${body.slice(10, 13)} ${key}`;
}

/**
 * One person's facts. `rng` must be seeded for this person first. Ages 16-66 as of `now`;
 * spreads follow the issue: ISCED weighted to 2-4, digital skills none ~15% / basic ~35%,
 * disability ~8%, interpreter ~6%, migrant or refugee ~12%, career break ~10%.
 */
export function personFacts(n: number, office: 0 | 1, now: number, timeZone: string): PersonFacts {
  const female = rng.chance(0.5);
  const migrantStatus = rng.weighted<MigrantStatus>([
    ['none', 88],
    ['migrant', 6],
    ['refugee', 4],
    ['asylum_seeker', 2],
  ]);
  const abroad = migrantStatus !== 'none';
  const origin = abroad || rng.chance(0.06) ? rng.weighted(ORIGINS.map((o) => [o, o.weight] as const)) : null;
  const names = abroad && origin && rng.chance(0.9) ? origin.faker : origin && !abroad ? origin.faker : LOCAL[office];
  const givenName = names.person.firstName(female ? 'female' : 'male');
  const familyName = names.person.lastName(female ? 'female' : 'male');

  const age = rng.weighted<[number, number]>([
    [[16, 24], 18],
    [[25, 34], 24],
    [[35, 44], 20],
    [[45, 54], 18],
    [[55, 66], 20],
  ]);
  const years = rng.int(age[0], age[1]);
  const today = localDate(now, timeZone);
  const dateOfBirth = addDays(today, -Math.floor(years * 365.25 + rng.int(1, 364)));

  const educationLevel =
    years < 20
      ? rng.weighted([
          [1, 10],
          [2, 55],
          [3, 35],
        ] as const)
      : rng.weighted([
          [0, 1],
          [1, 3],
          [2, 20],
          [3, 34],
          [4, 15],
          [5, 8],
          [6, 12],
          [7, 6],
          [8, 1],
        ] as const);
  const digitalSkills = rng.weighted<DigitalSkills>(
    years >= 55
      ? [
          ['none', 30],
          ['basic', 42],
          ['good', 28],
        ]
      : abroad
        ? [
            ['none', 20],
            ['basic', 40],
            ['good', 40],
          ]
        : [
            ['none', 10],
            ['basic', 33],
            ['good', 57],
          ],
  );
  const disability = rng.chance(0.08);
  const accommodations = disability && rng.chance(0.7) ? rng.pick(ACCOMMODATIONS[office]) : null;
  const interpreterNeeded = abroad ? rng.chance(0.45) : rng.chance(0.008);
  const interpreterLanguage = interpreterNeeded ? (abroad && origin ? origin.language : office === 0 ? 'BSL' : 'LSF') : null;
  const rural = rng.chance(office === 1 ? 0.2 : 0.03);
  const careerBreak = rng.chance(female ? 0.16 : 0.04);
  const genderDraw = rng.next();
  const gender = genderDraw < 0.1 ? null : genderDraw < 0.115 ? 'non-binary' : female ? 'female' : 'male';

  const band = educationLevel <= 2 ? 'low' : educationLevel <= 4 ? 'middle' : 'high';
  const lastOccupation = years < 20 && rng.chance(0.6) ? null : rng.chance(0.06) ? null : rng.pick(OCCUPATIONS[band]);

  const place = rng.pick(rural ? PLACES[office].rural : PLACES[office].urban);
  const local = LOCAL[office];
  const street = `${local.location.buildingNumber()} ${local.location.street()}`;
  const hasAddress = rng.chance(0.97);

  const emailChance = digitalSkills === 'good' ? 0.93 : digitalSkills === 'basic' ? 0.7 : 0.12;
  const email = rng.chance(emailChance)
    ? `${ascii(givenName)}.${ascii(familyName)}${rng.chance(0.4) ? rng.int(1, 99) : ''}@${rng.pick(['example.com', 'example.org', 'example.net'])}`
    : null;
  const tel = rng.chance(digitalSkills === 'none' ? 0.85 : 0.93) ? phone(office) : null;
  let preferredChannel = rng.weighted<Channel>(
    digitalSkills === 'none'
      ? [
          ['in_person', 60],
          ['phone', 40],
        ]
      : digitalSkills === 'basic'
        ? [
            ['in_person', 40],
            ['phone', 35],
            ['video', 5],
            ['online', 20],
          ]
        : [
            ['online', 45],
            ['in_person', 20],
            ['phone', 15],
            ['video', 20],
          ],
  );
  if (preferredChannel === 'phone' && !tel) preferredChannel = 'in_person';
  if ((preferredChannel === 'online' || preferredChannel === 'video') && !email) preferredChannel = tel ? 'phone' : 'in_person';

  const officeLanguage = office === 0 ? 'en' : 'fr';
  const preferredLanguage = origin && abroad && rng.chance(origin.language === 'es' ? 0.6 : 0.2) ? origin.language : officeLanguage;

  return {
    givenName,
    familyName,
    dateOfBirth,
    gender,
    female,
    email,
    phone: tel,
    addressLine: hasAddress ? street : null,
    postcode: hasAddress ? place.postcode : null,
    municipality: hasAddress ? place.municipality : null,
    rural,
    nationalId: rng.chance(0.65) ? nationalId(office, n, female, dateOfBirth, abroad) : null,
    preferredLanguage,
    preferredChannel,
    digitalSkills,
    disability,
    accommodations,
    interpreterNeeded,
    interpreterLanguage,
    migrantStatus,
    careerBreak,
    educationLevel,
    lastOccupation,
  };
}

/** A person who moved to the other office: a new address there. */
export function moveTo(p: PersonFacts, n: number, office: 0 | 1): void {
  rng.seed(8, n);
  const place = rng.pick(p.rural ? PLACES[office].rural : PLACES[office].urban);
  p.addressLine = `${LOCAL[office].location.buildingNumber()} ${LOCAL[office].location.street()}`;
  p.postcode = place.postcode;
  p.municipality = place.municipality;
}

export type NearDuplicateKind = 'swapped_names' | 'typo' | 'accents_dropped' | 'typo_swapped';

/** How a second registration of the same person might have been typed. */
export function nearDuplicateName(p: PersonFacts, kind: NearDuplicateKind): { givenName: string; familyName: string } {
  const typo = (s: string) => {
    const i = rng.int(1, Math.max(1, s.length - 2));
    const how = rng.pick(['swap', 'drop', 'double', 'replace'] as const);
    if (how === 'drop') return s.slice(0, i) + s.slice(i + 1);
    if (how === 'double') return s.slice(0, i) + s[i] + s.slice(i);
    if (how === 'swap' && i < s.length - 1) return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    const vowels = 'aeiou';
    const c = s[i].toLowerCase();
    const r = vowels.includes(c) ? vowels[(vowels.indexOf(c) + 1) % 5] : c === 'n' ? 'm' : 'n';
    return s.slice(0, i) + r + s.slice(i + 1);
  };
  const strip = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '');
  switch (kind) {
    case 'swapped_names':
      return { givenName: p.familyName, familyName: p.givenName };
    case 'typo':
      return rng.chance(0.5)
        ? { givenName: typo(p.givenName), familyName: p.familyName }
        : { givenName: p.givenName, familyName: typo(p.familyName) };
    case 'accents_dropped':
      return { givenName: strip(p.givenName), familyName: strip(p.familyName) };
    case 'typo_swapped':
      return { givenName: p.familyName, familyName: typo(p.givenName) };
  }
}

export interface DemoStaffMember {
  email: string;
  fullName: string;
  role: Role;
  office: 0 | 1;
  caseloadCap: number | null;
}

/** The extra staff, with realistic names from the office's locale (deterministic). */
export function demoStaff(): DemoStaffMember[] {
  seedFakers(9);
  const taken = new Set(DEMO_USERS.map((u) => u.email));
  const out: DemoStaffMember[] = [];
  let k = 0;
  for (const office of [0, 1] as const) {
    for (const role of ['supervisor', 'front_desk', 'counsellor', 'specialist'] as const) {
      for (let i = 0; i < (DEMO_EXTRA_STAFF[office][role] ?? 0); i++) {
        k++;
        rng.seed(9, k);
        const f = LOCAL[office];
        const female = rng.chance(0.6);
        const given = f.person.firstName(female ? 'female' : 'male');
        const family = f.person.lastName(female ? 'female' : 'male');
        const slug = (s: string) => normaliseName(s).replace(/ /g, '-');
        let email = `${slug(given)}.${slug(family)}@demo.test`;
        for (let n = 2; taken.has(email); n++) email = `${slug(given)}.${slug(family)}${n}@demo.test`;
        taken.add(email);
        const caseloadCap = role === 'counsellor' ? rng.int(12, 24) * 5 : role === 'specialist' ? rng.int(8, 12) * 5 : null;
        out.push({ email, fullName: `${given} ${family}`, role, office, caseloadCap });
      }
    }
  }
  return out;
}
