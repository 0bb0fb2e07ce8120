import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { csrfOf, samePath, sendJson } from '../../internal/bff.js';
import { FranceConnectElement } from '../../internal/franceconnect-element.js';
import { browserSupportsWebAuthn, ceremony } from '../../internal/webauthn.js';
import * as en from '../../translations/en.js';
import * as fr from '../../translations/fr.js';
import { styles } from './franceconnect-step-up.styles.js';

/** What the BFF requires: a recent authentication, or a second factor (qualification #22). */
export type StepUpRequirement = 'recent-authentication' | 'second-factor';

/** One way to meet it (`GET /api/step-up`'s `methods`). */
export interface StepUpMethod {
  method: 'franceconnect' | 'franceconnect-plus' | 'passkey' | 'password';
  href?: string;
}

/** `GET /api/step-up`'s answer. */
export interface StepUpStatus {
  requirement: StepUpRequirement;
  satisfied: boolean;
  message: string;
  methods: StepUpMethod[];
  returnTo: string;
}

/** `detail` of `franceconnect-confirmed`. */
export interface FranceConnectConfirmedDetail {
  readonly method: StepUpMethod['method'];
  /** Where the person goes next, unless the event is cancelled. */
  readonly returnTo: string;
}

export type FranceConnectConfirmedEvent = CustomEvent<FranceConnectConfirmedDetail>;

/**
 * Confirms who the signed-in person is before a sensitive act, with the ways the BFF says they have
 * (`GET /api/step-up`): FranceConnect or FranceConnect+ again (each with its sentence and button),
 * a passkey, or the account's password. A `recent-authentication` accepts all of them; a
 * `second-factor` (qualification #22) only a passkey or FranceConnect+. Put it on the page the BFF's
 * guards send browsers to (`stepUp.page`), or inline where an action was refused.
 *
 * @summary Confirm one's identity (password, FranceConnect, FranceConnect+, passkey) before a sensitive act.
 * @tagname franceconnect-step-up
 *
 * @event {FranceConnectConfirmedEvent} franceconnect-confirmed - Once confirmed in the page (password,
 * passkey), with `detail: { method, returnTo }`. Cancelable: unless cancelled, the page goes to
 * `returnTo`. FranceConnect and FranceConnect+ leave the page and come back to `returnTo` themselves.
 */
export class FranceConnectStepUp extends FranceConnectElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    requirement: {},
    returnTo: { attribute: 'return-to' },
    endpoint: {},
    sessionEndpoint: { attribute: 'session-endpoint' },
    signInHref: { attribute: 'sign-in-href' },
    status: { attribute: false },
  };

  /** `recent-authentication`, or `second-factor`. Default: the page's `?requirement=`, else `second-factor`. */
  declare requirement: StepUpRequirement | undefined;

  /** Where to go once confirmed: a path of this site. Default: the page's `?returnTo=`, else `/`. */
  declare returnTo: string | undefined;

  /** The BFF's step-up status. Default `/api/step-up`. */
  declare endpoint: string;

  /** Where the CSRF token is read. Default `/api/me`. */
  declare sessionEndpoint: string;

  /** The site's sign-in page, for a session that ended. Default `/auth/login`. */
  declare signInHref: string;

  /** What the BFF said (read when the element connects, unless set); `null` signed out. */
  declare status: StepUpStatus | null | undefined;

  #error = '';
  #busy = false;
  #done: StepUpMethod['method'] | undefined;
  #offline = false;

  constructor() {
    super();
    this.endpoint = '/api/step-up';
    this.sessionEndpoint = '/api/me';
    this.signInHref = '/auth/login';
  }

  get #requirement(): StepUpRequirement {
    const value = this.requirement ?? new URLSearchParams(location.search).get('requirement');
    return value === 'recent-authentication' ? value : 'second-factor';
  }

  get #returnTo(): string {
    return samePath(this.returnTo ?? new URLSearchParams(location.search).get('returnTo'));
  }

  get #texts() {
    return { fr: fr.stepUp, en: en.stepUp }[this.language];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.status === undefined) void this.refresh();
  }

  /** Reads what the BFF requires and offers again. */
  async refresh(): Promise<void> {
    const url = new URL(this.endpoint, location.origin);
    url.searchParams.set('requirement', this.#requirement);
    url.searchParams.set('returnTo', this.#returnTo);
    try {
      const response = await fetch(url, {
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { accept: 'application/json' },
      });
      this.status = response.ok ? ((await response.json()) as StepUpStatus) : null;
    } catch {
      this.#offline = true;
      this.status = null;
    }
  }

  #confirmed(method: StepUpMethod['method']): void {
    this.#done = method;
    this.requestUpdate();
    const returnTo = this.#returnTo;
    const proceed = this.dispatchEvent(
      new CustomEvent<FranceConnectConfirmedDetail>('franceconnect-confirmed', {
        detail: { method, returnTo },
        bubbles: true,
        composed: true,
        cancelable: true,
      }),
    );
    if (proceed) location.assign(returnTo);
  }

  async #run(
    method: StepUpMethod['method'],
    act: (csrf: string) => Promise<{ status: number }>,
    failed: string,
  ) {
    if (this.#busy) return;
    this.#busy = true;
    this.#error = '';
    this.requestUpdate();
    const answer = await act(await csrfOf(undefined, this.sessionEndpoint));
    this.#busy = false;
    if (answer.status === 200) this.#confirmed(method);
    else {
      // -1: the person closed the passkey prompt; nothing to say but to try again.
      this.#error =
        answer.status === 0
          ? this.#texts.unavailable
          : answer.status === 401 && method !== 'password'
            ? this.#texts.signedOut
            : failed;
      this.requestUpdate();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(method === 'password' ? 'input' : '.alert')?.focus();
    }
  }

  #passkey = () =>
    this.#run(
      'passkey',
      (csrf) =>
        ceremony(
          'authentication',
          { options: '/api/step-up/passkey/options', verify: '/api/step-up/passkey' },
          csrf,
        ),
      this.#texts.passkeyFailed,
    );

  #password = (event: SubmitEvent) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('password') as HTMLInputElement;
    void this.#run(
      'password',
      (csrf) =>
        sendJson(
          '/auth/reauthenticate/password',
          'POST',
          { password: input.value, returnTo: this.#returnTo },
          csrf,
        ),
      this.#texts.wrongPassword,
    );
  };

  #method(method: StepUpMethod): TemplateResult | typeof nothing {
    const t = this.#texts;
    const login = { fr: fr.login, en: en.login }[this.language];
    switch (method.method) {
      case 'franceconnect':
      case 'franceconnect-plus': {
        const plus = method.method === 'franceconnect-plus';
        return html`<div class="method">
          <p class="sentence">${login.sentence(plus ? 'FranceConnect+' : 'FranceConnect')}</p>
          <franceconnect-button
            variant=${plus ? 'plus' : 'login'}
            href=${method.href ?? nothing}
            theme=${this.theme}
          ></franceconnect-button>
        </div>`;
      }
      case 'passkey':
        return browserSupportsWebAuthn()
          ? html`<div class="method">
              <button type="button" class="primary" ?disabled=${this.#busy} @click=${this.#passkey}>
                ${t.usePasskey}
              </button>
            </div>`
          : nothing;
      case 'password':
        return html`<form class="method" @submit=${this.#password}>
          <label for="password">${t.password}</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            aria-invalid=${this.#error === t.wrongPassword ? 'true' : 'false'}
            aria-describedby=${this.#error === t.wrongPassword ? 'error' : nothing}
          />
          <button type="submit" class="primary" ?disabled=${this.#busy}>${t.confirm}</button>
        </form>`;
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    const status = this.status;
    if (status === undefined) return nothing;
    const t = this.#texts;
    const or = { fr: fr.login, en: en.login }[this.language].or;
    const alert = html`<p class="alert" role="alert" id="error" tabindex="-1">${this.#error || nothing}</p>`;
    if (status === null) {
      return html`<div class="root ${this.resolvedTheme}">
        <p>${this.#offline ? t.unavailable : t.signedOut}</p>
        ${this.#offline ? nothing : html`<p><a href=${this.#signIn()}>${t.signIn}</a></p>`}
      </div>`;
    }
    if (this.#done !== undefined || status.satisfied) {
      return html`<div class="root ${this.resolvedTheme}">
        <p role="status">${t.confirmed}</p>
        <p><a href=${this.#returnTo}>${t.continue}</a></p>
      </div>`;
    }
    const methods = status.methods.map((method) => this.#method(method)).filter((part) => part !== nothing);
    return html`<div class="root ${this.resolvedTheme}" aria-busy=${this.#busy ? 'true' : 'false'}>
      <p class="intro">${t.intro[this.#requirement]}</p>
      ${
        methods.length === 0
          ? html`<p>${t.none[this.#requirement]}</p>`
          : methods.map(
              (part, index) => html`${index > 0 ? html`<p class="separator">${or}</p>` : nothing}${part}`,
            )
      }
      ${alert}
      <p class="status" role="status">${this.#busy ? t.busy : nothing}</p>
    </div>`;
  }

  #signIn(): string {
    const url = new URL(this.signInHref, location.origin);
    url.searchParams.set('returnTo', this.#returnTo);
    return `${url.pathname}${url.search}`;
  }
}
