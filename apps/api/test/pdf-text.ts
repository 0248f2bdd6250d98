import { inflateSync } from 'node:zlib';

/** WinAnsi codes 0x80-0x9F that are not Latin-1. */
const WIN_ANSI: Record<number, string> = {
  0x80: '€',
  0x82: '‚',
  0x83: 'ƒ',
  0x84: '„',
  0x85: '…',
  0x86: '†',
  0x87: '‡',
  0x88: 'ˆ',
  0x89: '‰',
  0x8a: 'Š',
  0x8b: '‹',
  0x8c: 'Œ',
  0x8e: 'Ž',
  0x91: '‘',
  0x92: '’',
  0x93: '“',
  0x94: '”',
  0x95: '•',
  0x96: '–',
  0x97: '—',
  0x98: '˜',
  0x99: '™',
  0x9a: 'š',
  0x9b: '›',
  0x9c: 'œ',
  0x9e: 'ž',
  0x9f: 'Ÿ',
};

/** Every stream of a PDF, inflated where it is deflated. */
function streams(pdf: Buffer): string[] {
  const out: string[] = [];
  for (let at = 0; ;) {
    const start = pdf.indexOf('stream\n', at);
    if (start < 0) return out;
    const end = pdf.indexOf('\nendstream', start);
    if (end < 0) return out;
    const data = pdf.subarray(start + 'stream\n'.length, end);
    try {
      out.push(inflateSync(data).toString('latin1'));
    } catch {
      out.push(data.toString('latin1'));
    }
    at = end + '\nendstream'.length;
  }
}

const decode = (hex: string) =>
  (hex.match(/../g) ?? [])
    .map((h) => parseInt(h, 16))
    .map((b) => WIN_ANSI[b] ?? String.fromCharCode(b))
    .join('');

/**
 * The text a PDF written by pdfkit with its standard fonts shows, one line per text operator:
 * pdfkit writes each line as `[<hex> kerning <hex> ...] TJ` in WinAnsi codes.
 */
export function pdfText(pdf: Buffer): string {
  const lines: string[] = [];
  for (const s of streams(pdf)) {
    for (const m of s.matchAll(/\[((?:\s*<[0-9a-fA-F]*>\s*-?[\d.]*)*)\s*\]\s*TJ/g)) {
      lines.push([...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => decode(h[1])).join(''));
    }
  }
  return lines.join('\n');
}

/** White space (line breaks, non-breaking spaces) folded, for matching wrapped text. */
export const folded = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();
