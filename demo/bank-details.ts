import type Database from 'better-sqlite3';
import { z } from 'zod';

/**
 * « Mes coordonnées bancaires » of the demo: the IBAN on which the town pays its allowances, per
 * account, in the BFF's SQLite file. Changing it is the sensitive act of qualification #22 (a second
 * factor): the route that saves it is guarded by `bff.requireStepUp()`. A deleted account's bank
 * details go with it (a trigger on the accounts' table).
 */

/** IBAN lengths of the SEPA countries the town pays to (ISO 13616 registry); others: 15 to 34. */
const LENGTHS: Readonly<Record<string, number>> = {
  FR: 27,
  MC: 27,
  BE: 16,
  DE: 22,
  ES: 24,
  IT: 27,
  LU: 20,
  NL: 18,
  PT: 25,
  CH: 21,
  AT: 20,
  IE: 22,
  GB: 22,
};

/** The mod-97 check of ISO 7064 that every IBAN passes. */
function checksumOk(iban: string): boolean {
  const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`;
  let remainder = 0;
  for (const char of rearranged) {
    const digits = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** An IBAN as people type it (spaces, lower case), checked and normalised. */
export const ibanSchema = z
  .string({ error: 'Saisissez votre IBAN.' })
  .transform((value) => value.replace(/[\s-]+/g, '').toUpperCase())
  .superRefine((iban, ctx) => {
    const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (iban === '') return problem('Saisissez votre IBAN.');
    if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) {
      return problem(
        'Un IBAN commence par deux lettres (le pays) et deux chiffres, puis ne contient que des lettres et des chiffres, par exemple FR76 3000 6000 0112 3456 7890 189.',
      );
    }
    const expected = LENGTHS[iban.slice(0, 2)];
    if (expected !== undefined && iban.length !== expected)
      return problem(`Un IBAN de ce pays compte ${expected} caractères ; celui-ci en compte ${iban.length}.`);
    if (iban.length < 15 || iban.length > 34) return problem('Un IBAN compte de 15 à 34 caractères.');
    if (!checksumOk(iban))
      return problem(
        'Cet IBAN n’est pas valide : sa clé de contrôle ne correspond pas. Vérifiez chaque caractère.',
      );
  });

export const bankDetailsBody = z.strictObject({ iban: ibanSchema });

/** Shown, never the whole IBAN: the country, its key and its last three characters. */
export function maskedIban(iban: string): string {
  const groups = iban.match(/.{1,4}/g) ?? [];
  return groups
    .map((group, index) =>
      index === 0 ? group : index === groups.length - 1 ? group.replace(/.(?=.{3})/g, '•') : '••••',
    )
    .join(' ');
}

export interface BankDetails {
  iban: string;
  updatedAt: Date;
}

export class BankDetailsStore {
  readonly #get: Database.Statement;
  readonly #set: Database.Statement;

  constructor(db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS demo_bank_details (
        account_id TEXT PRIMARY KEY NOT NULL,
        iban TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TRIGGER IF NOT EXISTS demo_bank_details_of_deleted_accounts AFTER DELETE ON accounts
      BEGIN
        DELETE FROM demo_bank_details WHERE account_id = old.id;
      END;
    `);
    this.#get = db.prepare('SELECT iban, updated_at FROM demo_bank_details WHERE account_id = ?');
    this.#set = db.prepare(
      `INSERT INTO demo_bank_details (account_id, iban, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (account_id) DO UPDATE SET iban = excluded.iban, updated_at = excluded.updated_at`,
    );
  }

  get(accountId: string): BankDetails | undefined {
    const row = this.#get.get(accountId) as { iban: string; updated_at: number } | undefined;
    return row && { iban: row.iban, updatedAt: new Date(row.updated_at) };
  }

  set(accountId: string, iban: string): BankDetails {
    const updatedAt = new Date();
    this.#set.run(accountId, iban, updatedAt.getTime());
    return { iban, updatedAt };
  }
}
