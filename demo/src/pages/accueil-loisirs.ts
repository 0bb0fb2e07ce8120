// « Accueil de loisirs »: the price of a day, from data retrieved with the sign-in itself. Signed out,
// the FranceConnect button asks for the family quotient and the C2S with the sign-in
// (`/auth/login?apis=…`): back on the page, <franceconnect-prefill> fills the form at once, without a
// second trip to FranceConnect. Signed in, the data button retrieves them again.
import '../site.js';
import '@franceconnect-kit/button/franceconnect-prefill.js';
import '@franceconnect-kit/button/franceconnect-data-mention.js';
import { showNotice } from '../notices.js';
import { session } from '../session.js';
import { showState } from '../site.js';

showNotice(document.querySelector('[data-notice]'));
void session.then((signedIn) => showState(signedIn ? 'signed-in' : 'signed-out'));

/** Price of a day by family quotient: up to `max` euros of quotient (inclusive), `price` in cents. */
const BRACKETS = [
  { max: 500, price: 400 },
  { max: 900, price: 800 },
  { max: 1400, price: 1200 },
  { max: Infinity, price: 1600 },
] as const;

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

function bracketLabel(index: number): string {
  const bracket = BRACKETS[index];
  const previous = BRACKETS[index - 1];
  if (!bracket) return '';
  if (!previous) return `jusqu’à ${bracket.max} €`;
  if (bracket.max === Infinity) return `plus de ${previous.max} €`;
  return `de ${previous.max + 1} € à ${bracket.max} €`;
}

const table = document.querySelector('#grille-prix');
BRACKETS.forEach((bracket, index) => {
  const row = document.createElement('tr');
  for (const text of [bracketLabel(index), euros.format(bracket.price / 100)]) {
    const cell = document.createElement('td');
    cell.textContent = text;
    row.append(cell);
  }
  table?.append(row);
});

const form = document.querySelector<HTMLFormElement>('#loisirs');
const quotient = document.querySelector<HTMLInputElement>('#quotient');
const days = document.querySelector<HTMLInputElement>('#jours');
const c2s = document.querySelector<HTMLInputElement>('#c2s');
const result = document.querySelector<HTMLElement>('#prix');

form?.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!quotient || !days || !result) return;
  const value = Number(quotient.value.trim());
  const count = Number(days.value.trim());
  const bad = [quotient, days].find((input, index) => {
    const number = index === 0 ? value : count;
    return input.value.trim() === '' || !Number.isInteger(number) || number < (index === 0 ? 0 : 1);
  });
  for (const input of [quotient, days]) input.toggleAttribute('aria-invalid', input === bad);
  if (bad) {
    result.classList.add('status--error');
    result.textContent =
      bad === quotient
        ? 'Indiquez votre quotient familial : un nombre entier d’euros, par exemple 410.'
        : 'Indiquez un nombre de journées : au moins une.';
    bad.focus();
    return;
  }
  result.classList.remove('status--error');
  const index = BRACKETS.findIndex((bracket) => value <= bracket.max);
  const bracket = BRACKETS[index];
  if (!bracket) return;
  const price = c2s?.checked ? bracket.price / 2 : bracket.price;
  result.textContent = `Avec un quotient familial de ${value} €${c2s?.checked ? ' et la complémentaire santé solidaire' : ''}, une journée coûte ${euros.format(price / 100)}, soit ${euros.format((price * count) / 100)} pour ${count} journée${count > 1 ? 's' : ''}.`;
});
