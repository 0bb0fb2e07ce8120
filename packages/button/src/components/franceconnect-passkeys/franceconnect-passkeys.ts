import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { csrfOf, getJson, sendJson, type Answer } from '../../internal/bff.js';
import { FranceConnectElement } from '../../internal/franceconnect-element.js';
import { browserSupportsWebAuthn, ceremony } from '../../internal/webauthn.js';
import * as en from '../../translations/en.js';
import * as fr from '../../translations/fr.js';
import type { StepUpRequirement } from '../franceconnect-step-up/franceconnect-step-up.js';
import { styles } from './franceconnect-passkeys.styles.js';

/** A passkey as `GET /api/passkeys` lists it. */
export interface PasskeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  synced: boolean;
}

/**
 * The account's passkeys on the profile page: listed with their date of creation and last use,
 * renamed, removed (after a confirmation), added under a name the person chooses. Adding, and removing
 * the last one, need a second factor; other changes a recent authentication: when the BFF asks for it,
 * `<franceconnect-step-up>` shows in place and the action goes on once confirmed (qualification #22).
 *
 * @summary The account's passkeys: list, add, rename, remove.
 * @tagname franceconnect-passkeys
 */
export class FranceConnectPasskeys extends FranceConnectElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    endpoint: {},
    sessionEndpoint: { attribute: 'session-endpoint' },
    passkeys: { attribute: false },
  };

  /** The BFF's passkeys. Default `/api/passkeys`. */
  declare endpoint: string;

  /** Where the CSRF token is read. Default `/api/me`. */
  declare sessionEndpoint: string;

  /** The list (read when the element connects, unless set). */
  declare passkeys: PasskeyView[] | undefined;

  #editing: string | undefined;
  #removing: string | undefined;
  #status = '';
  #error = '';
  #busy = false;
  /** A refused action waiting for the person to confirm their identity in place. */
  #pending: { requirement: StepUpRequirement; retry: () => Promise<void> } | undefined;

  constructor() {
    super();
    this.endpoint = '/api/passkeys';
    this.sessionEndpoint = '/api/me';
  }

  get #texts() {
    return { fr: fr.passkeys, en: en.passkeys }[this.language];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.passkeys === undefined) void this.refresh();
  }

  /** Reads the list again. */
  async refresh(): Promise<void> {
    this.passkeys = (await getJson<{ passkeys: PasskeyView[] }>(this.endpoint))?.passkeys ?? [];
  }

  #date(value: string): string {
    return new Intl.DateTimeFormat(this.language, { dateStyle: 'long' }).format(new Date(value));
  }

  /** Runs an action; a 403 naming a requirement shows the step-up in place and runs it again after. */
  async #act(action: (csrf: string) => Promise<Answer>, done: (answer: Answer) => string, focus?: string) {
    if (this.#busy) return;
    this.#busy = true;
    this.#status = '';
    this.#error = '';
    this.requestUpdate();
    const answer = await action(await csrfOf(undefined, this.sessionEndpoint));
    this.#busy = false;
    const requirement = answer.json.requirement;
    if (
      answer.status === 403 &&
      (requirement === 'recent-authentication' || requirement === 'second-factor')
    ) {
      this.#pending = { requirement, retry: () => this.#act(action, done, focus) };
    } else if (answer.status >= 200 && answer.status < 300) {
      this.#pending = undefined;
      this.#editing = undefined;
      this.#removing = undefined;
      this.#status = done(answer);
      await this.refresh();
    } else if (answer.status !== -1) {
      this.#error = typeof answer.json.message === 'string' ? answer.json.message : this.#texts.failed;
    }
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(focus ?? (this.#error ? '.alert' : '.status'))?.focus();
  }

  #add = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const input = form.elements.namedItem('name') as HTMLInputElement;
    const name = input.value.trim();
    void this.#act(
      (csrf) =>
        ceremony(
          'registration',
          { options: `${this.endpoint}/options`, verify: this.endpoint },
          csrf,
          name ? { name } : {},
        ),
      (answer) => {
        input.value = '';
        return this.#texts.registered(String((answer.json.passkey as PasskeyView | undefined)?.name ?? name));
      },
    );
  };

  #rename = (event: SubmitEvent, passkey: PasskeyView) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
    void this.#act(
      (csrf) => sendJson(`${this.endpoint}/${passkey.id}`, 'PATCH', { name: input.value }, csrf),
      () => this.#texts.renamed,
    );
  };

  #remove = (passkey: PasskeyView) =>
    this.#act(
      (csrf) => sendJson(`${this.endpoint}/${passkey.id}`, 'DELETE', {}, csrf),
      () => this.#texts.removed(passkey.name),
    );

  #show(state: { editing?: string | undefined; removing?: string | undefined }, focus: string) {
    this.#editing = state.editing;
    this.#removing = state.removing;
    this.#error = '';
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(focus)?.focus());
  }

  #item(passkey: PasskeyView, index: number): TemplateResult {
    const t = this.#texts;
    const meta = [
      t.added(this.#date(passkey.createdAt)),
      passkey.lastUsedAt ? t.lastUsed(this.#date(passkey.lastUsedAt)) : t.neverUsed,
      ...(passkey.synced ? [t.synced] : []),
    ].join(', ');
    let actions: TemplateResult;
    if (this.#editing === passkey.id) {
      actions = html`<form class="inline" @submit=${(event: SubmitEvent) => this.#rename(event, passkey)}>
        <label for="rename-${index}">${t.newName}</label>
        <input id="rename-${index}" name="name" .value=${passkey.name} maxlength="64" required />
        <button type="submit" ?disabled=${this.#busy}>${t.save}</button>
        <button type="button" class="secondary" @click=${() => this.#show({}, `#edit-${index}`)}>
          ${t.cancel}
        </button>
      </form>`;
    } else if (this.#removing === passkey.id) {
      actions = html`<div class="inline" role="group" aria-labelledby="confirm-${index}">
        <p id="confirm-${index}" tabindex="-1">${t.confirmRemoval(passkey.name)}</p>
        <button type="button" ?disabled=${this.#busy} @click=${() => this.#remove(passkey)}>
          ${t.yesRemove}
        </button>
        <button type="button" class="secondary" @click=${() => this.#show({}, `#remove-${index}`)}>
          ${t.cancel}
        </button>
      </div>`;
    } else {
      actions = html`<div class="actions">
        <button
          type="button"
          class="secondary"
          id="edit-${index}"
          aria-label=${t.rename(passkey.name)}
          @click=${() => this.#show({ editing: passkey.id }, `#rename-${index}`)}
        >
          ${t.renameButton}
        </button>
        <button
          type="button"
          class="secondary"
          id="remove-${index}"
          aria-label=${t.remove(passkey.name)}
          @click=${() => this.#show({ removing: passkey.id }, `#confirm-${index}`)}
        >
          ${t.removeButton}
        </button>
      </div>`;
    }
    return html`<li>
      <p class="name">${passkey.name}</p>
      <p class="meta">${meta}</p>
      ${actions}
    </li>`;
  }

  #confirmed = (event: Event) => {
    // Confirmed in place (password, passkey): the action goes on here rather than the page leaving.
    event.preventDefault();
    const pending = this.#pending;
    this.#pending = undefined;
    void pending?.retry();
  };

  protected override render(): TemplateResult | typeof nothing {
    const passkeys = this.passkeys;
    if (passkeys === undefined) return nothing;
    const t = this.#texts;
    if (!browserSupportsWebAuthn())
      return html`<div class="root ${this.resolvedTheme}"><p>${t.unsupported}</p></div>`;
    return html`<div class="root ${this.resolvedTheme}" aria-busy=${this.#busy ? 'true' : 'false'}>
      ${
        passkeys.length === 0
          ? html`<p>${t.empty}</p>`
          : html`<ul>
              ${passkeys.map((passkey, index) => this.#item(passkey, index))}
            </ul>`
      }
      <p class="status" role="status" tabindex="-1">${this.#status || nothing}</p>
      <p class="alert" role="alert" tabindex="-1">${this.#error || nothing}</p>
      ${
        this.#pending
          ? html`<div class="step-up">
              <p>${t.stepUp}</p>
              <franceconnect-step-up
                requirement=${this.#pending.requirement}
                return-to=${`${location.pathname}${location.search}`}
                session-endpoint=${this.sessionEndpoint}
                theme=${this.theme}
                @franceconnect-confirmed=${this.#confirmed}
              ></franceconnect-step-up>
            </div>`
          : nothing
      }
      <form class="add" @submit=${this.#add}>
        <label for="new-name">${t.nameLabel} <span class="hint">${t.nameHint}</span></label>
        <input id="new-name" name="name" maxlength="64" autocomplete="off" />
        <button type="submit" ?disabled=${this.#busy}>${t.add}</button>
      </form>
    </div>`;
  }
}
