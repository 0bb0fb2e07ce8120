// « Pass culture et sport »: the student fare. <franceconnect-prefill> fills the form from two APIs
// FranceConnectées at once, « Statut étudiant » and « Statut étudiant boursier »; the mention under the
// data button names them and their administrations.
import '../site.js';
import '@franceconnect-kit/button/franceconnect-prefill.js';
import '@franceconnect-kit/button/franceconnect-data-mention.js';
import { showNotice } from '../notices.js';

showNotice(document.querySelector('[data-notice]'));

/** The pass's price in cents: full, student (enrolled), scholarship student. */
export const PRICES = { full: 4500, student: 1500, scholarship: 0 } as const;

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const form = document.querySelector<HTMLFormElement>('#pass');
const result = document.querySelector<HTMLElement>('#tarif');

form?.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!result) return;
  const enrolled = form.querySelector<HTMLInputElement>('input[name="inscrit"]:checked')?.value;
  const scholarship = form.querySelector<HTMLInputElement>('#boursier')?.checked === true;
  const first = form.querySelector<HTMLInputElement>('#inscrit-oui');
  if (enrolled === undefined) {
    result.classList.add('status--error');
    result.textContent = 'Indiquez si vous êtes inscrit ou inscrite pour l’année universitaire.';
    first?.setAttribute('aria-invalid', 'true');
    first?.focus();
    return;
  }
  first?.removeAttribute('aria-invalid');
  result.classList.remove('status--error');
  if (enrolled !== 'true') {
    result.textContent = `Sans inscription dans un établissement, le pass est au plein tarif : ${euros.format(PRICES.full / 100)}.`;
  } else if (scholarship) {
    result.textContent = 'Étudiant boursier : le pass est gratuit.';
  } else {
    result.textContent = `Étudiant inscrit : le pass coûte ${euros.format(PRICES.student / 100)}.`;
  }
});
