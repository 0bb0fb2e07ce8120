// Mon profil (the BFF's `accounts.profilePage`): <franceconnect-profile-form> (the pivot identity locked,
// nom d’usage and email editable, qualification #15, #16); « Lier mon compte FranceConnect »
// (`GET /auth/link`) or unlinking (`POST /api/account/unlink`, with a password only); the account's
// passkeys (<franceconnect-passkeys>, qualification #22); the account's deletion after a confirmation
// step (`POST /api/account/delete`, which also logs out of FranceConnect, qualification #12). Unlinking
// and deleting need a recent authentication: <franceconnect-step-up> asks for it in place.
import type { ProfileData } from '@franceconnect-kit/button';
import { send } from '../forms.js';
import { PLACE_NAMES } from '../places.js';
import { session, type Session } from '../session.js';
import { showState } from '../site.js';

const profileForm = document.querySelector('franceconnect-profile-form');
if (profileForm) profileForm.placeNames = PLACE_NAMES;

// A new nom d’usage changes the name in the header.
profileForm?.addEventListener('franceconnect-saved', () => {
  void document.querySelector('franceconnect-user')?.refresh();
});

function showLink(account: NonNullable<Session['account']>): void {
  for (const element of document.querySelectorAll<HTMLElement>('[data-link]')) {
    element.hidden = element.dataset.link !== (account.franceconnect ? 'linked' : 'unlinked');
  }
  for (const element of document.querySelectorAll<HTMLElement>('[data-unlink]')) {
    element.hidden = element.dataset.unlink !== (account.localCredentials ? 'allowed' : 'refused');
  }
}

function announce(tone: 'success' | 'error', text: string): void {
  const message = document.createElement('p');
  message.className = `alert alert--${tone}`;
  message.setAttribute('role', tone === 'error' ? 'alert' : 'status');
  message.textContent = text;
  document.querySelector('[data-link-status]')?.replaceChildren(message);
}

/**
 * A sensitive act refused for want of a recent authentication: `<franceconnect-step-up>` in its place;
 * once confirmed there (password, passkey), the act goes on; FranceConnect comes back to this page.
 */
function confirmFirst(where: Element | null, retry: () => void): void {
  const stepUp = document.createElement('franceconnect-step-up');
  stepUp.requirement = 'recent-authentication';
  stepUp.returnTo = '/profil';
  stepUp.signInHref = '/connexion';
  stepUp.addEventListener('franceconnect-confirmed', (event) => {
    event.preventDefault();
    stepUp.remove();
    retry();
  });
  const intro = document.createElement('p');
  intro.textContent = 'Par sécurité, confirmez d’abord votre identité :';
  where?.replaceChildren(intro, stepUp);
}

function unlink(): void {
  void (async () => {
    const answer = await send('/api/account/unlink', {});
    if (answer.status === 403 && answer.body.error === 'reauthentication_required') {
      confirmFirst(document.querySelector('[data-link-status]'), unlink);
      return;
    }
    if (answer.status !== 200) {
      announce('error', answer.body.message ?? 'Votre compte n’a pas pu être délié. Veuillez réessayer.');
      return;
    }
    const { account } = answer.body as unknown as { account: NonNullable<Session['account']> };
    showLink(account);
    announce('success', 'Votre compte n’est plus lié à FranceConnect.');
    // The identity FranceConnect certified goes with the link: the form and the header show it.
    const profile = await fetch('/api/profile', { headers: { accept: 'application/json' } });
    if (profile.ok && profileForm) profileForm.data = (await profile.json()) as ProfileData;
    void document.querySelector('franceconnect-user')?.refresh();
    document.querySelector<HTMLElement>('[data-link="unlinked"] a')?.focus();
  })();
}
document.querySelector('#delier')?.addEventListener('click', unlink);

const remove = document.querySelector<HTMLButtonElement>('#supprimer');
const confirmation = document.querySelector<HTMLElement>('#confirmation');
const deleteStepUp = confirmation?.querySelector<HTMLElement>('[data-delete-step-up]');
const deleteForm = confirmation?.querySelector<HTMLFormElement>('form');
function confirmStep(open: boolean): void {
  if (!remove || !confirmation) return;
  confirmation.hidden = !open;
  remove.setAttribute('aria-expanded', String(open));
  if (open) {
    confirmation.querySelector<HTMLElement>('#confirmation-titre')?.focus();
    // Deleting needs a recent authentication: asked before the form, so that the form then works.
    void fetch('/api/step-up?requirement=recent-authentication&returnTo=/profil', {
      headers: { accept: 'application/json' },
      cache: 'no-store',
    })
      .then((response) => (response.ok ? (response.json() as Promise<{ satisfied: boolean }>) : undefined))
      .then(async (status) => {
        const needed = status?.satisfied === false;
        if (needed) await deleteStepUp?.querySelector('franceconnect-step-up')?.refresh();
        if (deleteStepUp) deleteStepUp.hidden = !needed;
        if (deleteForm) deleteForm.hidden = needed;
      });
  } else remove.focus();
}
deleteStepUp?.addEventListener('franceconnect-confirmed', (event) => {
  event.preventDefault();
  deleteStepUp.hidden = true;
  if (deleteForm) deleteForm.hidden = false;
  deleteForm?.querySelector<HTMLElement>('button[type="submit"]')?.focus();
});
remove?.addEventListener('click', () => confirmStep(remove.getAttribute('aria-expanded') !== 'true'));
document.querySelector('#annuler-suppression')?.addEventListener('click', () => confirmStep(false));

void session.then((signedIn) => {
  showState(!signedIn ? 'signed-out' : signedIn.account ? 'account' : 'pending');
  if (!signedIn?.account) return;
  showLink(signedIn.account);
  const csrf = confirmation?.querySelector<HTMLInputElement>('input[name="_csrf"]');
  if (csrf) csrf.value = signedIn.csrfToken;
});
