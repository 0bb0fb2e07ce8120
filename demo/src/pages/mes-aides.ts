// « Mes aides »: the school-canteen price by family quotient. The quotient field is filled by
// <franceconnect-prefill> from what « Récupérer ses données avec FranceConnect » retrieved.
import '../site.js';
import '@franceconnect-kit/button/franceconnect-prefill.js';
import '@franceconnect-kit/button/franceconnect-data-mention.js';

/** Price of a meal by family quotient: up to `max` euros of quotient (inclusive), `price` in cents. */
const BRACKETS = [
  { max: 500, price: 100 },
  { max: 800, price: 210 },
  { max: 1200, price: 320 },
  { max: Infinity, price: 430 },
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

const table = document.querySelector('#grille-tarifs');
BRACKETS.forEach((bracket, index) => {
  const row = document.createElement('tr');
  for (const text of [bracketLabel(index), euros.format(bracket.price / 100)]) {
    const cell = document.createElement('td');
    cell.textContent = text;
    row.append(cell);
  }
  table?.append(row);
});

const form = document.querySelector<HTMLFormElement>('#cantine');
const quotient = document.querySelector<HTMLInputElement>('#quotient');
const result = document.querySelector<HTMLElement>('#tarif');

form?.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!quotient || !result) return;
  const value = Number(quotient.value.trim());
  if (quotient.value.trim() === '' || !Number.isInteger(value) || value < 0) {
    quotient.setAttribute('aria-invalid', 'true');
    result.classList.add('status--error');
    result.textContent = 'Indiquez votre quotient familial : un nombre entier d’euros, par exemple 812.';
    quotient.focus();
    return;
  }
  quotient.removeAttribute('aria-invalid');
  result.classList.remove('status--error');
  const index = BRACKETS.findIndex((bracket) => value <= bracket.max);
  const bracket = BRACKETS[index];
  if (!bracket) return;
  result.textContent = `Avec un quotient familial de ${value} €, le repas coûte ${euros.format(bracket.price / 100)} (tranche ${bracketLabel(index)}).`;
});
