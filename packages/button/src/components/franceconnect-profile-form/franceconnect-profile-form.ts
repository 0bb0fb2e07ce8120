import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { getJson, type SessionInfo } from '../../internal/bff.js';
import { countryName } from '../../internal/countries.js';
import { FranceConnectElement } from '../../internal/franceconnect-element.js';
import { sameOriginUrl, sameOriginUrlOr } from '../../internal/same-origin.js';
import { warnOnce } from '../../internal/warn.js';
import * as en from '../../translations/en.js';
import * as fr from '../../translations/fr.js';
import { styles } from './franceconnect-profile-form.styles.js';

/** The pivot identity, as FranceConnect certifies it (claim names and formats). */
export interface LockedIdentity {
  given_name: string;
  family_name: string;
  /** `YYYY-MM-DD`. */
  birthdate: string;
  gender: string;
  /** INSEE COG commune code; `""` when born abroad. */
  birthplace: string;
  /** INSEE COG country code, `99100` for France. */
  birthcountry: string;
}

/** What the form shows: `GET /api/profile`'s (or `GET /api/signup`'s) answer. */
export interface ProfileData {
  /** `null` for an account FranceConnect has not certified (a local account). */
  locked: LockedIdentity | null;
  editable: { preferred_username: string; email: string };
}

type Editable = keyof ProfileData['editable'];
const EDITABLE: readonly Editable[] = ['preferred_username', 'email'];
const LOCKED = ['given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry'] as const;

/** `detail` of `franceconnect-saved`: the BFF's answer. */
export type FranceConnectSavedEvent = CustomEvent<Record<string, unknown>>;

/**
 * The profile (qualification #15, #16), or the sign-up confirmation (`mode="signup"`, #10): the pivot
 * identity FranceConnect certified, read-only, with « Ces informations sont fournies par FranceConnect
 * et ne peuvent pas être modifiées. », then the nom d’usage and the email, editable. Saving sends them
 * to the BFF with the CSRF header; its errors show next to their field, success is announced.
 *
 * @summary The profile form: pivot identity locked, nom d’usage and email editable.
 * @tagname franceconnect-profile-form
 *
 * @event {FranceConnectSavedEvent} franceconnect-saved - Once saved, with the BFF's answer as `detail`.
 * In sign-up mode, cancelable: unless cancelled, the page then goes to its `returnTo` (or `/`): a path of
 * this site only, as the browser resolves it.
 */
export class FranceConnectProfileForm extends FranceConnectElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    mode: {},
    endpoint: {},
    sessionEndpoint: { attribute: 'session-endpoint' },
    csrfToken: { attribute: 'csrf-token' },
    data: { attribute: false },
    placeNames: { attribute: false },
    errors: { attribute: false },
  };

  /** `profile` (default): `GET`/`PATCH /api/profile`. `signup`: `GET`/`POST /api/signup`. */
  declare mode: 'profile' | 'signup';

  /** Where the data is read and saved. Default: `/api/profile`, or `/api/signup` in sign-up mode. */
  declare endpoint: string | undefined;

  /** Where the CSRF token is read when not given. Default `/api/me`. */
  declare sessionEndpoint: string;

  /** The session's CSRF token, when the page has it (otherwise read from `session-endpoint`). */
  declare csrfToken: string | undefined;

  /** The data to show; read from `endpoint` when the element connects unless set. */
  declare data: ProfileData | undefined;

  /**
   * Names of places by INSEE COG code: birthplaces (shown by their code otherwise) and birth countries
   * (named by the browser otherwise, for the most frequent ones, else shown by their code).
   */
  declare placeNames: Record<string, string>;

  /**
   * The message of each field that was refused, shown under it (`aria-invalid`, described by it): the
   * `fields` of the BFF's 400 answer. The element sets it when a save is refused; set it yourself to
   * show errors found elsewhere (a server-rendered page, Storybook). Only `preferred_username` and
   * `email` have a place; the next successful save clears it.
   */
  declare errors: Record<string, string>;
  /** The announcement after saving, and whether it is a success. */
  #status: { ok: boolean; text: string } | undefined;
  #busy = false;
  /** The BFF asked for a recent authentication first: where to confirm (the changes are kept meanwhile). */
  #confirmAt: string | undefined;

  constructor() {
    super();
    this.mode = 'profile';
    this.sessionEndpoint = '/api/me';
    this.placeNames = {};
    this.errors = {};
  }

  get #endpoint(): string {
    return this.endpoint ?? (this.mode === 'signup' ? '/api/signup' : '/api/profile');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.data === undefined) {
      void getJson<ProfileData>(this.#endpoint).then((data) => {
        this.data = data && this.#withDraft(data);
      });
    }
  }

  /** Where changes wait while the person confirms their identity on another page (this tab only). */
  get #draftKey(): string {
    return `franceconnect-profile-draft:${this.#endpoint}`;
  }

  /** The data with the changes typed before confirming one's identity, if any (then forgotten). */
  #withDraft(data: ProfileData): ProfileData {
    const draft = sessionStorage.getItem(this.#draftKey);
    if (draft === null) return data;
    sessionStorage.removeItem(this.#draftKey);
    try {
      const editable = JSON.parse(draft) as Partial<ProfileData['editable']>;
      this.#status = { ok: true, text: this.#texts().restored };
      return { ...data, editable: { ...data.editable, ...editable } };
    } catch {
      return data;
    }
  }

  #texts() {
    return { fr: fr.profile, en: en.profile }[this.language];
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.#busy) return;
    this.#busy = true;
    // Emptied first, so that saving twice is announced twice.
    this.#status = undefined;
    this.requestUpdate();
    const t = this.#texts();
    const form = event.currentTarget as HTMLFormElement;
    const body = Object.fromEntries(
      EDITABLE.map((name) => [name, (form.elements.namedItem(name) as HTMLInputElement).value]),
    );
    let answer: { status: number; json: Record<string, unknown> } | undefined;
    // The session's CSRF token goes to this site only, whatever the attribute says.
    const endpoint = this.#endpoint;
    const onThisSite = sameOriginUrl(endpoint) !== undefined;
    if (__DEV__ && !onThisSite) {
      warnOnce(this, 'endpoint', `endpoint "${endpoint}" is not on this site: nothing is sent.`);
    }
    try {
      if (!onThisSite) throw new TypeError('endpoint not on this site');
      const token = this.csrfToken ?? (await getJson<SessionInfo>(this.sessionEndpoint))?.csrfToken ?? '';
      const response = await fetch(endpoint, {
        method: this.mode === 'signup' ? 'POST' : 'PATCH',
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': token },
        body: JSON.stringify(body),
      });
      answer = {
        status: response.status,
        json: (await response.json().catch(() => ({}))) as Record<string, unknown>,
      };
    } catch {
      // offline: the generic message below
    }
    this.#busy = false;
    const json = answer?.json ?? {};
    this.#confirmAt = undefined;
    this.requestUpdate();
    if (
      answer?.status === 403 &&
      json.error === 'reauthentication_required' &&
      typeof json.location === 'string'
    ) {
      // Confirm first on the site's page, then back here with what was typed (qualification: nothing lost).
      sessionStorage.setItem(this.#draftKey, JSON.stringify(body));
      const url = new URL(json.location, location.origin);
      url.searchParams.set('returnTo', `${location.pathname}${location.search}`);
      this.#confirmAt = `${url.pathname}${url.search}`;
      this.#status = { ok: false, text: t.reauthenticate };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.confirm')?.focus();
      return;
    }
    if (answer && answer.status < 300) {
      this.errors = {};
      this.#status = { ok: true, text: t.saved[this.mode === 'signup' ? 'signup' : 'profile'] };
      if (this.mode !== 'signup') this.data = json as unknown as ProfileData;
      const proceed = this.dispatchEvent(
        new CustomEvent('franceconnect-saved', {
          detail: json,
          bubbles: true,
          composed: true,
          cancelable: true,
        }),
      );
      if (this.mode === 'signup' && proceed) {
        // The address's `returnTo` is the visitor's to change: this site only, as the browser resolves it.
        location.assign(sameOriginUrlOr(new URLSearchParams(location.search).get('returnTo'), '/'));
      }
      return;
    }
    const fields = (json.fields ?? {}) as Record<string, string>;
    this.errors = Object.fromEntries(
      EDITABLE.filter((name) => fields[name]).map((name) => [name, fields[name] ?? '']),
    );
    const known = Object.keys(this.errors).length > 0;
    this.#status = known
      ? undefined
      : { ok: false, text: typeof json.message === 'string' ? json.message : t.failed };
    await this.updateComplete;
    // Back to the first field to correct, whose error is read with it (aria-describedby).
    if (known) this.renderRoot.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  }

  #lockedValue(field: (typeof LOCKED)[number], identity: LockedIdentity): string {
    const t = this.#texts();
    const value = identity[field];
    switch (field) {
      case 'gender':
        return t.genders[value as keyof typeof t.genders] ?? value;
      case 'birthdate': {
        const date = new Date(`${value}T00:00:00Z`);
        return Number.isNaN(date.getTime())
          ? value
          : new Intl.DateTimeFormat(this.language, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
      }
      case 'birthplace':
      case 'birthcountry':
        return (
          this.placeNames[value] ??
          (field === 'birthcountry' ? countryName(value, this.language) : undefined) ??
          value
        );
      default:
        return value;
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    const data = this.data;
    if (!data) return nothing;
    const t = this.#texts();
    const { locked, editable } = data;
    const field = (name: Editable, type: string, autocomplete: string) => {
      const errors = this.errors ?? {};
      const error = Object.hasOwn(errors, name) ? errors[name] : undefined;
      return html`<div class="field">
        <label for=${name}
          >${t.labels[name]}${
            name === 'preferred_username' ? html`<span class="hint">${t.optional}</span>` : nothing
          }</label
        >
        <input
          id=${name}
          name=${name}
          type=${type}
          autocomplete=${autocomplete}
          .value=${editable[name]}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${error ? `${name}-error` : nothing}
        />
        ${error ? html`<p class="error" id="${name}-error">${error}</p>` : nothing}
      </div>`;
    };
    return html`<form class="root ${this.resolvedTheme}" novalidate @submit=${this.#submit}>
      ${
        locked
          ? html`<div role="group" aria-labelledby="identity" aria-describedby="locked">
              <p class="legend" id="identity">${t.identity}</p>
              <p class="note" id="locked">${t.locked}</p>
              <dl>
                ${LOCKED.filter((name) => locked[name] !== '').map(
                  (name) =>
                    html`<div>
                      <dt>${t.labels[name]}</dt>
                      <dd>${this.#lockedValue(name, locked)}</dd>
                    </div>`,
                )}
              </dl>
            </div>`
          : nothing
      }
      ${field('preferred_username', 'text', 'family-name')} ${field('email', 'email', 'email')}
      <p role="status" class="status">${this.#status?.ok ? this.#status.text : nothing}</p>
      <p role="alert" class="alert">${this.#status && !this.#status.ok ? this.#status.text : nothing}</p>
      ${this.#confirmAt ? html`<p><a class="confirm" href=${this.#confirmAt}>${t.confirmIdentity}</a></p>` : nothing}
      <button type="submit">${t.submit[this.mode === 'signup' ? 'signup' : 'profile']}</button>
    </form>`;
  }
}
