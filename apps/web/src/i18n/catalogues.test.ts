import { describe, expect, it } from 'vitest';
import { ERROR_CODES, LANGUAGES, ROLES } from '@casework/contracts';
import en from './en';
import fr from './fr';
import es from './es';

/** Every leaf key of a catalogue, as dotted paths. */
function leafKeys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' ? leafKeys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function lookup(messages: object, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], messages);
}

const english = leafKeys(en);

describe('translation catalogues', () => {
  it('has many keys, including all of react-admin’s own', () => {
    expect(english.filter((k) => k.startsWith('ra.')).length).toBeGreaterThanOrEqual(164);
    expect(english.length).toBeGreaterThan(300);
  });

  it.each([
    ['fr', fr],
    ['es', es],
  ])('%s has every English key, and no other', (_name, catalogue) => {
    const keys = leafKeys(catalogue);
    expect(english.filter((k) => !keys.includes(k))).toEqual([]);
    expect(keys.filter((k) => !english.includes(k))).toEqual([]);
  });

  it.each([
    ['en', en],
    ['fr', fr],
    ['es', es],
  ])('%s has no empty text and no unknown placeholder', (_name, catalogue) => {
    const placeholders = (s: string) => [...new Set([...s.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]))].sort();
    for (const key of english) {
      const text = lookup(catalogue, key);
      expect(typeof text, key).toBe('string');
      if (key !== 'ra.boolean.null') expect((text as string).trim(), key).not.toBe('');
      const ours = placeholders(text as string);
      const englishOnes = placeholders(lookup(en, key) as string);
      // react-admin's French leaves some names out; our own texts must keep them all.
      if (key.startsWith('ra.')) expect(englishOnes, key).toEqual(expect.arrayContaining(ours));
      else expect(ours, key).toEqual(englishOnes);
    }
  });

  it('translates every error code, role and language of the contracts', () => {
    for (const code of ERROR_CODES) expect(lookup(en, `errors.${code}`), code).toEqual(expect.any(String));
    for (const role of ROLES) {
      expect(lookup(en, `roles.${role}`), role).toEqual(expect.any(String));
      expect(lookup(en, `workspace.${role}.name`), role).toEqual(expect.any(String));
    }
    for (const language of LANGUAGES) expect(lookup(en, `languages.${language}`), language).toEqual(expect.any(String));
  });
});
