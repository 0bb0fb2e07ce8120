// Numbers and texts as the French report writes them.

/** `208,4` (one decimal at most, French decimal comma). */
export function px(value: number): string {
  return (Math.round(value * 10) / 10).toString().replace('.', ',');
}

/** Same text once apostrophes and spaces are made alike (U+2019, single spaces). */
export function canonical(text: string): string {
  return text
    .replace(/['ʼ`´]/g, '’')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `« texte »` */
export const quote = (text: string): string => `« ${text} »`;
