import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { getJson, type SessionInfo } from '../../internal/bff.js';
import { FranceConnectElement } from '../../internal/franceconnect-element.js';
import { sameOriginUrl } from '../../internal/same-origin.js';
import { warnOnce } from '../../internal/warn.js';
import * as en from '../../translations/en.js';
import * as fr from '../../translations/fr.js';
import { styles } from './franceconnect-user.styles.js';

/** The signed-in person's name: first names, then the usage name if any, else the birth name. */
function nameOf({ identity, account }: SessionInfo): string {
  const person = account?.identity ?? identity;
  const usage = account ? account.preferred_username : identity?.preferred_username;
  const family = usage || person?.family_name;
  return [person?.given_name, family].filter(Boolean).join(' ') || account?.email || '';
}

/**
 * Shows that the person is signed in (qualification #14): their name, a link to their profile and a
 * logout button. It reads the BFF's `GET /api/me`; signed out, it renders nothing. Logging out is a
 * POST of a form with the session's CSRF token, in the same tab: the BFF then ends the FranceConnect
 * session too (qualification #9).
 *
 * @summary The signed-in person: name, « Mon profil », « Se déconnecter ».
 * @tagname franceconnect-user
 */
export class FranceConnectUser extends FranceConnectElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    endpoint: {},
    profileHref: { attribute: 'profile-href' },
    logoutAction: { attribute: 'logout-action' },
    data: { attribute: false },
  };

  /** The BFF's session endpoint. Default `/api/me`. */
  declare endpoint: string;

  /** The profile page, on this site (another site's address is ignored). Default `/profil`. */
  declare profileHref: string;

  /** Where the logout form posts, on this site (it carries the CSRF token). Default `/auth/logout`. */
  declare logoutAction: string;

  /**
   * The session (`GET /api/me`'s answer), `null` when signed out. Read from `endpoint` when the
   * element connects unless set (server-rendered pages, Storybook).
   */
  declare data: SessionInfo | null | undefined;

  constructor() {
    super();
    this.endpoint = '/api/me';
    this.profileHref = '/profil';
    this.logoutAction = '/auth/logout';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.data === undefined) void this.refresh();
  }

  /** Reads the session again (after signing in or out in another way than this element). */
  async refresh(): Promise<void> {
    this.data = (await getJson<SessionInfo>(this.endpoint)) ?? null;
  }

  /** `value` if it is on this site, else `fallback`: the logout form carries the session's CSRF token. */
  #onThisSite(attribute: string, value: string, fallback: string): string {
    if (sameOriginUrl(value) !== undefined) return value;
    if (__DEV__)
      warnOnce(this, attribute, `${attribute} "${value}" is not on this site: ${fallback} is used.`);
    return fallback;
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this.data) return nothing;
    const t = { fr: fr.user, en: en.user }[this.language];
    const name = nameOf(this.data);
    const profileHref = this.#onThisSite('profile-href', this.profileHref, '/profil');
    const logoutAction = this.#onThisSite('logout-action', this.logoutAction, '/auth/logout');
    // A form in the page, without target: the logout happens in this tab (qualification #13).
    return html`<div class="root ${this.resolvedTheme}" role="group" aria-label=${t.account(name)}>
      <span class="name">${name}</span>
      <a href=${profileHref}>${t.profile}</a>
      <form method="post" action=${logoutAction}>
        <input type="hidden" name="_csrf" .value=${this.data.csrfToken} />
        <button type="submit">${t.logout}</button>
      </form>
    </div>`;
  }
}
