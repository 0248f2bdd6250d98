import { readFileSync } from 'node:fs';
import { assetPath } from '../../config/paths.js';

export interface Occupation {
  code: string;
  level: 1 | 2 | 3 | 4;
  title: string;
  parent: string | null;
}

/** Splits one CSV line, honouring double-quoted fields ("a, b" and "" escapes). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

export function parseIsco(csv: string): Occupation[] {
  const [header, ...lines] = csv.split(/\r?\n/).filter(Boolean);
  if (header.trim() !== 'code,level,title,parent') throw new Error('isco08.csv: unexpected header');
  return lines.map((line) => {
    const [code, level, title, parent] = splitCsvLine(line);
    return { code, level: Number(level) as Occupation['level'], title, parent: parent || null };
  });
}

let cache: { all: Occupation[]; byCode: Map<string, Occupation> } | undefined;

/** ISCO-08 (© ILO), loaded once from the shipped CSV. */
export function isco(): { all: Occupation[]; byCode: Map<string, Occupation> } {
  if (!cache) {
    const all = parseIsco(readFileSync(assetPath('isco08.csv'), 'utf8'));
    cache = { all, byCode: new Map(all.map((o) => [o.code, o])) };
  }
  return cache;
}

/** A jobseeker's last occupation must be an ISCO-08 unit group: four digits that exist. */
export function isUnitGroup(code: string): boolean {
  return /^\d{4}$/.test(code) && isco().byCode.get(code)?.level === 4;
}
