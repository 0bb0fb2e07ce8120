import { CLAIM_LABELS, DATA_APIS, claimsForScopes } from '@franceconnect-kit/protocol';
import { ERROR_CODES, type ErrorCode } from '../error-codes.js';
import type { TestIdentity } from '../identities.js';
import { PLATFORMS, type Platform } from '../platform.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

/** The only identity provider of the local FranceConnect, as FranceConnect's sandbox calls it. */
export const DEMO_IDENTITY_PROVIDER = { id: 'demonstration', name: 'Démonstration' } as const;

/** The test identities, login and what each one tests (the login screen and the home page). */
function identitiesTable(identities: readonly TestIdentity[]): SafeHtml {
  return html`<table>
    <thead>
      <tr>
        <th scope="col">Identifiant</th>
        <th scope="col">Cas</th>
      </tr>
    </thead>
    <tbody>
      ${identities.map(
        (identity) =>
          html`<tr>
            <td><code>${identity.login}</code></td>
            <td>${identity.description}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function backForm(uid: string, clientName: string): SafeHtml {
  return html`<form id="abort" method="post" action="/interaction/${uid}/abort">
    <button type="submit" class="back">Revenir sur ${clientName}</button>
  </form>`;
}

export function identityProviderPage(
  uid: string,
  clientName: string,
  platform: Platform = 'franceconnect',
): string {
  return layout(
    'Choix du compte',
    'identity-provider',
    html`<h1>Choisissez un compte pour vous connecter à ${clientName}</h1>
      <form id="identity-provider-form" method="post" action="/interaction/${uid}/identity-provider">
        <button type="submit" class="provider" name="identity_provider" value="${DEMO_IDENTITY_PROVIDER.id}">
          ${DEMO_IDENTITY_PROVIDER.name}
        </button>
      </form>
      <p class="muted">
        Seul le fournisseur d’identité de test « ${DEMO_IDENTITY_PROVIDER.name} » existe dans le
        ${PLATFORMS[platform].brand}
        local${platform === 'franceconnect-plus' ? ' (niveaux eIDAS substantiel et élevé : mot de passe, puis un code de vérification)' : ''}.
      </p>
      ${backForm(uid, clientName)}`,
    platform,
  );
}

export interface LoginPageOptions {
  uid: string;
  clientName: string;
  identities: readonly TestIdentity[];
  login?: string;
  failed?: boolean;
  platform?: Platform;
}

export function loginPage({
  uid,
  clientName,
  identities,
  login = '',
  failed = false,
  platform = 'franceconnect',
}: LoginPageOptions): string {
  return layout(
    'Connexion',
    'login',
    html`<h1>${DEMO_IDENTITY_PROVIDER.name}</h1>
      <p>Fournisseur d’identité de test. Identifiez-vous avec l’une des identités de test.</p>
      ${failed ? html`<p class="alert" role="alert" id="login-error">Identifiant ou mot de passe incorrect.</p>` : ''}
      <form id="login-form" method="post" action="/interaction/${uid}/login">
        <label for="login">Identifiant</label>
        <input
          id="login"
          name="login"
          autocomplete="username"
          required
          value="${login}"
          ${failed ? html` aria-describedby="login-error"` : ''}
        />
        <label for="password">Mot de passe</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit" class="primary">Se connecter</button>
      </form>
      <p class="muted">Le mot de passe de toutes les identités de test est <code>123</code>.</p>
      <details>
        <summary>Identités de test</summary>
        ${identitiesTable(identities)}
      </details>
      ${backForm(uid, clientName)}`,
    platform,
  );
}

export interface SecondFactorPageOptions {
  uid: string;
  clientName: string;
  /** The code « sent to the phone », shown on screen in this test environment. */
  code: string;
  failed?: boolean;
  platform: Platform;
}

/**
 * FranceConnect+'s identity providers ask for a second factor (eIDAS substantial): here a one-time code
 * « sent to the person's phone », shown on the screen since there is no phone in a test.
 */
export function secondFactorPage({
  uid,
  clientName,
  code,
  failed = false,
  platform,
}: SecondFactorPageOptions): string {
  return layout(
    'Code de vérification',
    'second-factor',
    html`<h1>Validation en deux étapes</h1>
      <p>Pour le niveau de sécurité demandé, saisissez le code à 6 chiffres envoyé sur votre téléphone.</p>
      <p class="muted">
        Environnement de test : aucun message n’est envoyé. Le code est
        <span class="code" id="second-factor-code">${code}</span>
      </p>
      ${
        failed
          ? html`<p class="alert" role="alert" id="second-factor-error">
              Code incorrect. Vérifiez-le et réessayez.
            </p>`
          : ''
      }
      <form id="second-factor-form" method="post" action="/interaction/${uid}/second-factor">
        <label for="code">Code de vérification</label>
        <input
          id="code"
          name="code"
          inputmode="numeric"
          autocomplete="one-time-code"
          pattern="[0-9]{6}"
          maxlength="6"
          required
          ${failed ? html` aria-invalid="true" aria-describedby="second-factor-error"` : ''}
        />
        <button type="submit" class="primary">Valider</button>
      </form>
      ${backForm(uid, clientName)}`,
    platform,
  );
}

export interface ConsentPageOptions {
  uid: string;
  clientName: string;
  scopes: readonly string[];
  /** « Prénom NOM » of the signed-in identity. */
  person: string;
  platform?: Platform;
}

export function consentPage({
  uid,
  clientName,
  scopes,
  person,
  platform = 'franceconnect',
}: ConsentPageOptions): string {
  const claims = claimsForScopes(scopes);
  const identityLabels = Object.entries(CLAIM_LABELS)
    .filter(([claim]) => claims.has(claim))
    .map(([, label]) => label);
  // As FranceConnect's consent screen: each data scope's label, with the administration that holds it.
  const dataLabels = Object.values(DATA_APIS).flatMap((api) =>
    Object.entries(api.scopes)
      .filter(([scope]) => scopes.includes(scope))
      .map(([, label]) => `${label} (${api.administration})`),
  );
  return layout(
    'Consentement',
    'consent',
    html`<h1>Connexion à ${clientName}</h1>
      <p>Vous êtes identifié·e en tant que <strong>${person}</strong>.</p>
      <h2 id="transmitted">${clientName} va recevoir les données suivantes :</h2>
      <ul aria-labelledby="transmitted">
        <li>Un identifiant technique propre à ce service</li>
        ${identityLabels.map((label) => html`<li>${label}</li>`)}
      </ul>
      ${
        dataLabels.length > 0
          ? html`<h2 id="data">et pourra obtenir en votre nom :</h2>
              <ul aria-labelledby="data">
                ${dataLabels.map((label) => html`<li>${label}</li>`)}
              </ul>`
          : ''
      }
      <form id="consent-form" method="post" action="/interaction/${uid}/consent">
        <button type="submit" class="primary">Continuer</button>
      </form>
      ${backForm(uid, clientName)}`,
    platform,
  );
}

export interface ErrorPageOptions {
  code: ErrorCode;
  /** For the service's developers: what was wrong. */
  problems?: readonly string[];
  /** The OAuth error, when the OpenID Connect layer raised it. */
  error?: { error: string; error_description?: string | undefined };
  platform?: Platform;
}

export function errorPage({
  code,
  problems = [],
  error,
  platform = 'franceconnect',
}: ErrorPageOptions): string {
  const notFound = code === 'Y000404';
  return layout(
    notFound ? 'Page introuvable' : 'Erreur',
    'error',
    html`<h1>${notFound ? 'Page introuvable' : 'Une erreur est survenue'}</h1>
      <p>${ERROR_CODES[code]}</p>
      <p>Code d’erreur : <strong id="error-code">${code}</strong></p>
      ${
        problems.length > 0 || error
          ? html`<h2>Détail technique</h2>
              <ul id="problems">
                ${error ? html`<li><code>${error.error}</code>${error.error_description ? html` : ${error.error_description}` : ''}</li>` : ''}
                ${problems.map((problem) => html`<li>${problem}</li>`)}
              </ul>`
          : ''
      }`,
    platform,
  );
}

export interface HomePageOptions {
  issuer: string;
  identities: readonly TestIdentity[];
  platform?: Platform;
}

export function homePage({ issuer, identities, platform = 'franceconnect' }: HomePageOptions): string {
  const plus = platform === 'franceconnect-plus';
  return layout(
    'Accueil',
    'home',
    html`<h1>${PLATFORMS[platform].brand} local</h1>
      <p>
        Un fournisseur OpenID Connect qui se comporte comme ${plus ? 'FranceConnect+' : 'FranceConnect v2'},
        pour développer et tester sans compte partenaire.
      </p>
      ${
        plus
          ? html`<p>
              Niveaux eIDAS substantiel (<code>eidas2</code>) et élevé (<code>eidas3</code>) ; jetons signés
              ES256 et chiffrés (JWE, <code>RSA-OAEP</code> ou <code>ECDH-ES</code>, <code>A256GCM</code>)
              pour la clé publiée au <code>jwks_uri</code> du service ; session de 10 minutes ; un code de
              vérification après le mot de passe.
            </p>`
          : ''
      }
      <dl>
        <dt>Émetteur (issuer)</dt>
        <dd><code>${issuer}</code></dd>
        <dt>Découverte</dt>
        <dd>
          <a href="/api/v2/.well-known/openid-configuration">/api/v2/.well-known/openid-configuration</a>
        </dd>
      </dl>
      <h2>Identités de test (mot de passe <code>123</code>)</h2>
      ${identitiesTable(identities)}`,
    platform,
  );
}
