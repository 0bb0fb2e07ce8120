import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as french from '@zxcvbn-ts/language-fr';

/*
 * New passwords, by NIST SP 800-63B-4 (§3.1.1.2): at least 15 characters for a password used alone,
 * any character allowed (spaces and accents included), no composition rule, and refused when it is
 * common, expected or compromised, or derived from the account's own details. The « common » part is
 * zxcvbn-ts with the dictionaries shipped with the kit (tens of thousands of passwords from breach
 * corpora, French and international words, names, keyboard patterns, repeats, sequences, dates), so
 * nothing is sent anywhere. Messages are French and say why.
 */

/** NIST SP 800-63B-4: a password that is the only factor has at least 15 characters. */
export const PASSWORD_MIN = 15;
export const PASSWORD_MAX = 256;

/** zxcvbn's score: 3 is « safely unguessable » (about 10^10 guesses), what an online attacker never reaches. */
const MIN_SCORE = 3;
/** zxcvbn's cost grows with the length; beyond this, a password is not weaker for being longer. */
const CHECKED_LENGTH = 100;

/** Why zxcvbn found the password easy to guess, as the end of « trop facile à deviner : … ». */
const REASONS: Record<string, string> = {
  straightRow: 'il suit une rangée de touches du clavier',
  keyPattern: 'il suit un motif du clavier',
  simpleRepeat: 'il répète le même caractère',
  extendedRepeat: 'il répète la même suite de caractères',
  sequences: 'il suit une séquence, comme « abcd » ou « 1234 »',
  recentYears: 'il contient une année récente',
  dates: 'il contient une date',
  topTen: 'c’est l’un des mots de passe les plus utilisés',
  topHundred: 'c’est l’un des mots de passe les plus utilisés',
  common: 'c’est un mot de passe très utilisé, que l’on retrouve dans les fuites de données',
  similarToCommon: 'il ressemble à un mot de passe très utilisé',
  wordByItself: 'un mot seul se devine facilement',
  namesByThemselves: 'un prénom ou un nom seul se devine facilement',
  commonNames: 'il est fait de prénoms ou de noms courants',
  userInputs: 'il reprend votre adresse électronique',
  pwned: 'il figure dans des fuites de données',
};

const ADVICE = 'Choisissez plutôt une phrase de quelques mots sans lien entre eux.';

let zxcvbn: ZxcvbnFactory | undefined;

/** Built on first use: loading the dictionaries takes a moment, once per process. */
function estimator(): ZxcvbnFactory {
  zxcvbn ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...french.dictionary },
    graphs: common.adjacencyGraphs,
    // No translations: the warnings are zxcvbn's keys, and the reasons above are looked up by key.
  });
  return zxcvbn;
}

/** The words of an email a password must not be made of: the address, its local part and its pieces. */
function emailWords(email: string): string[] {
  const [local = '', domain = ''] = email.toLowerCase().split('@');
  return [email.toLowerCase(), local, ...local.split(/[._+-]+/), domain, ...domain.split('.')].filter(
    (word) => word.length >= 3,
  );
}

/**
 * Why `password` may not be chosen for the account of `email`, as a French sentence; `undefined` when
 * it may. The length is checked by the request's schema (same bounds), this says what else is wrong.
 */
export function passwordProblem(password: string, email: string): string | undefined {
  const text = password.normalize('NFC');
  if ([...text].length < PASSWORD_MIN) {
    return `Le mot de passe doit contenir au moins ${PASSWORD_MIN} caractères.`;
  }
  if (text.trim() === '') return 'Le mot de passe ne peut pas être fait que d’espaces.';
  const lowered = text.toLowerCase();
  const address = email.trim().toLowerCase();
  if (address !== '' && lowered.includes(address)) {
    return `Ce mot de passe est trop facile à deviner : il reprend votre adresse électronique. ${ADVICE}`;
  }
  const result: ZxcvbnResult = estimator().check(text.slice(0, CHECKED_LENGTH), emailWords(address));
  // Mostly made of the email's words: derived from it, whatever the score.
  const fromEmail = result.sequence
    .filter((match) => 'dictionaryName' in match && match.dictionaryName === 'userInputs')
    .reduce((length, match) => length + match.token.length, 0);
  if (fromEmail * 2 >= Math.min(text.length, CHECKED_LENGTH)) {
    return `Ce mot de passe est trop facile à deviner : ${REASONS.userInputs}. ${ADVICE}`;
  }
  if (result.score >= MIN_SCORE) return undefined;
  const reason =
    (result.feedback.warning && REASONS[result.feedback.warning]) ??
    'il est fait de mots ou de motifs trop courants';
  return `Ce mot de passe est trop facile à deviner : ${reason}. ${ADVICE}`;
}
