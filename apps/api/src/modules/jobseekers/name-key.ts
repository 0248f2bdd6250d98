/** Lower case, accents and punctuation removed, single spaces: "José-María  O'Neil" -> "jose maria o neil". */
export function normaliseName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function nameKey(givenName: string, familyName: string): string {
  return `${normaliseName(givenName)} ${normaliseName(familyName)}`.trim();
}
