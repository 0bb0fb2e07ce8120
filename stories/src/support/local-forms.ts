// A site's own sign-in and sign-up methods, as they sit below « ou » in <franceconnect-login>.
import { html, type TemplateResult } from 'lit';

const TEXTS = {
  fr: {
    haveAccount: 'Vous avez déjà un compte ?',
    email: 'Adresse électronique',
    emailHint: 'Format attendu : nom@domaine.fr',
    password: 'Mot de passe',
    forgotten: 'Mot de passe oublié ?',
    signIn: 'Se connecter',
    firstVisit: 'Première visite ?',
    createAccount: 'Créer mon compte',
    createWithEmail: 'Créer un compte avec son adresse électronique',
    newPassword: 'Mot de passe (15 caractères minimum)',
  },
  en: {
    haveAccount: 'Already have an account?',
    email: 'Email address',
    emailHint: 'Expected format: name@domain.fr',
    password: 'Password',
    forgotten: 'Forgotten password?',
    signIn: 'Sign in',
    firstVisit: 'First visit?',
    createAccount: 'Create my account',
    createWithEmail: 'Create an account with your email address',
    newPassword: 'Password (at least 15 characters)',
  },
} as const;

export type FormLanguage = keyof typeof TEXTS;

/** « Vous avez déjà un compte ? » (e-mail and password), then « Première visite ? Créer mon compte ». */
export function signInMethods(lang: FormLanguage = 'fr'): TemplateResult {
  const t = TEXTS[lang];
  return html`<form class="local-form" method="post" action="/connexion">
      <h3>${t.haveAccount}</h3>
      <label
        >${t.email} <span class="hint">${t.emailHint}</span>
        <input type="email" name="email" autocomplete="username" required />
      </label>
      <label
        >${t.password}
        <input type="password" name="password" autocomplete="current-password" required />
      </label>
      <p><a href="#mot-de-passe-oublie">${t.forgotten}</a></p>
      <button type="submit">${t.signIn}</button>
    </form>
    <div class="local-form">
      <h3>${t.firstVisit}</h3>
      <a class="secondary-button" href="#inscription">${t.createAccount}</a>
    </div>`;
}

/** The site's own sign-up form, then « Vous avez déjà un compte ? Se connecter ». */
export function signUpMethods(lang: FormLanguage = 'fr'): TemplateResult {
  const t = TEXTS[lang];
  return html`<form class="local-form" method="post" action="/inscription">
      <h3>${t.createWithEmail}</h3>
      <label
        >${t.email} <span class="hint">${t.emailHint}</span>
        <input type="email" name="email" autocomplete="email" required />
      </label>
      <label
        >${t.newPassword}
        <input type="password" name="password" autocomplete="new-password" minlength="15" required />
      </label>
      <button type="submit">${t.createAccount}</button>
    </form>
    <div class="local-form">
      <h3>${t.haveAccount}</h3>
      <a class="secondary-button" href="#connexion">${t.signIn}</a>
    </div>`;
}
