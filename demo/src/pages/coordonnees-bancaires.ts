// Mes coordonnées bancaires: changing the IBAN is a sensitive act (qualification #22). The page itself
// is guarded by the BFF (a second factor within 5 minutes, or the « Vérification » page first); when
// those minutes pass while the person types, the save is refused (403 `step_up_required`): the
// second factor is asked in place, and nothing typed is lost (kept in this tab while FranceConnect+
// is visited, put back on return).
import { handleSubmit, send, type Answer } from '../forms.js';
import '../site.js';

interface BankDetails {
  iban: string | null;
  updatedAt: string | null;
}

/** This tab's IBAN typed but not saved yet, while the person confirms their identity elsewhere. */
const DRAFT = 'demoville:iban-en-attente';

const form = document.querySelector<HTMLFormElement>('#iban-form');
const input = document.querySelector<HTMLInputElement>('#iban');
const stepUp = document.querySelector<HTMLElement>('[data-step-up]');

function show(details: BankDetails): void {
  const iban = document.querySelector<HTMLElement>('[data-iban]');
  if (iban) {
    iban.textContent = details.iban ?? 'Aucun compte n’est enregistré : ajoutez votre IBAN.';
    // Read out as what it means, not as a row of bullets.
    if (details.iban)
      iban.setAttribute(
        'aria-label',
        `IBAN ${details.iban.slice(0, 2)} se terminant par ${details.iban.slice(-3)}`,
      );
  }
  const updated = document.querySelector<HTMLElement>('[data-updated]');
  if (updated && details.updatedAt) {
    const date = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short' }).format(
      new Date(details.updatedAt),
    );
    updated.textContent = `Modifié le ${date}.`;
    updated.hidden = false;
  }
}

function announce(where: string, tone: 'success' | 'warning', text: string): void {
  const message = document.createElement('p');
  message.className = `alert alert--${tone}`;
  message.setAttribute('role', 'status');
  message.textContent = text;
  document.querySelector(where)?.replaceChildren(message);
}

async function save(values: Record<string, string>): Promise<Answer | 'done'> {
  // The previous save's message goes: what shows next is this one's.
  document.querySelector('[data-saved]')?.replaceChildren();
  const answer = await send('/api/coordonnees-bancaires', { iban: values.iban ?? '' }, 'PUT');
  if (answer.status === 403 && answer.body.error === 'step_up_required') {
    sessionStorage.setItem(DRAFT, values.iban ?? '');
    // What the person can use now (the element read it when the page loaded, still confirmed then).
    await stepUp?.querySelector('franceconnect-step-up')?.refresh();
    if (stepUp) stepUp.hidden = false;
    stepUp?.querySelector<HTMLElement>('.alert')?.focus();
    return 'done';
  }
  if (answer.status === 401) {
    location.assign('/connexion?returnTo=/coordonnees-bancaires');
    return 'done';
  }
  if (answer.status !== 200) return answer;
  sessionStorage.removeItem(DRAFT);
  if (stepUp) stepUp.hidden = true;
  if (input) input.value = '';
  show(answer.body as unknown as BankDetails);
  announce('[data-saved]', 'success', 'Votre nouvel IBAN est enregistré.');
  return 'done';
}

handleSubmit(form, save, 'L’IBAN n’a pas pu être enregistré. Veuillez réessayer.');

// Confirmed in place (a passkey): the save goes on at once, what was typed still in the field.
stepUp?.addEventListener('franceconnect-confirmed', (event) => {
  event.preventDefault();
  stepUp.hidden = true;
  form?.requestSubmit();
});

// Back from FranceConnect+: what was typed is put back, to check and save.
const draft = sessionStorage.getItem(DRAFT);
if (draft !== null && input) {
  sessionStorage.removeItem(DRAFT);
  input.value = draft;
  announce('[data-restored]', 'warning', 'Votre saisie a été conservée : vérifiez-la, puis enregistrez.');
}

void fetch('/api/coordonnees-bancaires', { headers: { accept: 'application/json' }, cache: 'no-store' })
  .then(async (response) => {
    if (response.ok) show((await response.json()) as BankDetails);
  })
  .catch(() => undefined);
