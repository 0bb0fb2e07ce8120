// Vérification (the BFF's `stepUp.page`): a sensitive act sent the person here with
// `?requirement=…&returnTo=…`; <franceconnect-step-up> offers what they can use (FranceConnect,
// FranceConnect+, a passkey, their password) and brings them back once confirmed.
import '../site.js';

const requirement =
  new URLSearchParams(location.search).get('requirement') === 'recent-authentication'
    ? 'recent-authentication'
    : 'second-factor';
for (const element of document.querySelectorAll<HTMLElement>('[data-requirement]')) {
  element.hidden = element.dataset.requirement !== requirement;
}
