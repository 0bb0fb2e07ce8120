import { sameOriginUrlOr } from '../../internal/same-origin.js';

interface Failure {
  code: string;
  message: string;
}

/** What `GET /api/data` answers (the BFF's `DataResponse`), as far as this element reads it. */
interface DataBody {
  /** Per API: its data and label, and its last failure. */
  apis?: Record<string, { label?: string; data?: Record<string, unknown> | null; failure?: Failure | null }>;
  /** Every API's data merged (the shape before `apis`). */
  data?: Record<string, unknown>;
  retrievedAt?: string | null;
  failure?: Failure | null;
}

/** One API that failed, as the BFF words it. */
export interface FranceConnectPrefillFailure {
  /** The API's name (`statut_etudiant_boursier`). */
  readonly api: string;
  /** Its French label (« Statut étudiant boursier »). */
  readonly label: string;
  readonly code: string;
  readonly message: string;
}

/** `detail` of the `franceconnect-prefill` event. */
export interface FranceConnectPrefillDetail {
  /** Names of the fields filled with the retrieved values. */
  readonly filled: readonly string[];
  /** Names of the fields where the person had typed something else: they choose, nothing is overwritten. */
  readonly conflicts: readonly string[];
  /** The last retrieval's failure, as the BFF words it; `null` when it did not fail. */
  readonly failure: { readonly code: string; readonly message: string } | null;
  /** The APIs whose last retrieval failed (those of `apis` when set), each with its reason. */
  readonly failures: readonly FranceConnectPrefillFailure[];
}

export type FranceConnectPrefillEvent = CustomEvent<FranceConnectPrefillDetail>;

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const FIELDS = 'input, select, textarea';
/** Never kept across the trip to FranceConnect, never filled. */
const SKIPPED_TYPES = new Set(['password', 'file', 'hidden', 'submit', 'button', 'reset', 'image']);
const STASH_PREFIX = 'franceconnect-prefill:';
/** FranceConnect's session lasts 30 minutes: an older stash belongs to another visit. */
const STASH_TTL_MS = 30 * 60 * 1000;

/**
 * Fills a form with what the person retrieved with FranceConnect (« Récupérer ses données avec
 * FranceConnect », or with the sign-in): wrap the form (or the part of the page holding the fields and
 * the `variant="data"` button), and name, on each field, the API and the dotted path of its value in
 * that API's data (`/api/data`'s `apis.<api>.data`):
 *
 * ```html
 * <franceconnect-prefill apis="statut_etudiant statut_etudiant_boursier">
 *   <form>…<franceconnect-button variant="data"></franceconnect-button>
 *     <input name="etablissement" data-prefill="statut_etudiant.admissions.0.etablissement_etudes.nom">
 *     <input type="checkbox" name="boursier" data-prefill="statut_etudiant_boursier.est_boursier">
 *   </form>
 * </franceconnect-prefill>
 * ```
 *
 * - Text, number, date and other inputs, selects (one of their options) and textareas take the value;
 *   a checkbox is checked by `true` (or by its own value), a radio button when its value is the one
 *   retrieved. A path that is not `<api>.…` is read in `/api/data`'s merged `data` (the earlier shape).
 * - It never overwrites what the person typed: when a field already holds another value, it shows both
 *   and lets the person choose.
 * - What the person typed before leaving for FranceConnect comes back when they return (kept in this
 *   tab's `sessionStorage` meanwhile, passwords and hidden fields excepted).
 * - The result is announced in a `role="status"` paragraph after the button; the provider's failure is
 *   shown next to the button (`role="alert"`). Put your own `[data-prefill-status]` or
 *   `[data-prefill-error]` element inside to choose where.
 * - A data button without `href` is pointed at `start` with the `scopes` and this page as `returnTo`.
 *
 * It renders no shadow DOM and brings no style: the page's own form styles apply. Texts are in French.
 *
 * @summary Fills form fields from the data retrieved with FranceConnect.
 * @tagname franceconnect-prefill
 *
 * @slot - The form, with its `data-prefill` fields and its `variant="data"` button.
 *
 * @event {FranceConnectPrefillEvent} franceconnect-prefill - After the data was applied, with
 * `detail: { filled, conflicts, failure }`. Bubbles.
 */
export class FranceConnectPrefill extends HTMLElement {
  /** `GET` endpoint of the retrieved data. Default `/api/data`. */
  get src(): string {
    return this.getAttribute('src') ?? '/api/data';
  }
  set src(value: string) {
    this.setAttribute('src', value);
  }

  /** The route that starts a retrieval. Default `/auth/data`. */
  get start(): string {
    return this.getAttribute('start') ?? '/auth/data';
  }
  set start(value: string) {
    this.setAttribute('start', value);
  }

  /**
   * Space-separated API names the data button asks for (default: every API the service allows); their
   * failures only are shown.
   */
  get apis(): string {
    return this.getAttribute('apis') ?? '';
  }
  set apis(value: string) {
    this.setAttribute('apis', value);
  }

  /** Space-separated data scopes the data button asks for, instead of `apis` (the earlier way). */
  get scopes(): string {
    return this.getAttribute('scopes') ?? '';
  }
  set scopes(value: string) {
    this.setAttribute('scopes', value);
  }

  #loading: Promise<FranceConnectPrefillDetail | undefined> | undefined;

  connectedCallback(): void {
    this.addEventListener('franceconnect-click', this.#stash);
    this.#pointDataButton();
    // The live region exists before anything is said in it, so that screen readers announce the text.
    this.#region('status');
    this.#restore();
    void this.refresh();
  }

  disconnectedCallback(): void {
    this.removeEventListener('franceconnect-click', this.#stash);
  }

  /**
   * Reads `src` and applies it; resolves with what was done (`undefined` when there is nothing: signed
   * out, or nothing retrieved). Called on connection; call it again after an update of your own.
   */
  refresh(): Promise<FranceConnectPrefillDetail | undefined> {
    this.#loading ??= this.#load().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async #load(): Promise<FranceConnectPrefillDetail | undefined> {
    let body: DataBody;
    try {
      const response = await fetch(this.src, {
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      });
      // 204: nothing retrieved, or signed out; anything else but 200: nothing to fill in either.
      if (response.status !== 200) return undefined;
      body = (await response.json()) as DataBody;
    } catch {
      return undefined;
    }
    const detail = this.#apply(body);
    this.dispatchEvent(new CustomEvent('franceconnect-prefill', { detail, bubbles: true }));
    return detail;
  }

  #apply(body: DataBody): FranceConnectPrefillDetail {
    const filled: Field[] = [];
    const conflicts: Field[] = [];
    const groups = new Set<string>();
    for (let field of this.querySelectorAll<Field>(`:is(${FIELDS})[data-prefill]`)) {
      const value = retrieved(body, field.dataset.prefill ?? '');
      if (value === undefined) continue;
      if (isRadio(field)) {
        // A group of radio buttons is one field: the one whose value was retrieved gets checked.
        if (groups.has(field.name)) continue;
        groups.add(field.name);
        const target = this.#radios(field.name).find((radio) => radio.value === value);
        if (!target) continue;
        field = target;
      }
      const current = this.#valueOf(field);
      if (current === '' || current === value) {
        if (setValue(field, value)) filled.push(field);
      } else {
        conflicts.push(field);
        this.#askToReplace(field, value);
      }
    }
    const failure = body.failure ? { code: body.failure.code, message: body.failure.message } : null;
    const mine = this.apis.split(/\s+/).filter(Boolean);
    const failures = Object.entries(body.apis ?? {}).flatMap(([api, entry]) =>
      entry.failure && (mine.length === 0 || mine.includes(api))
        ? [{ api, label: entry.label ?? api, code: entry.failure.code, message: entry.failure.message }]
        : [],
    );
    const error = this.#region('error');
    // Each API that failed, named: the others' data is filled all the same.
    error.textContent = body.apis
      ? failures.map((item) => `${item.label} : ${item.message}`).join(' ')
      : (failure?.message ?? '');
    error.hidden = error.textContent === '';

    const status = this.#region('status');
    const sentences: string[] = [];
    if (filled.length > 0) {
      sentences.push(
        `Informations récupérées avec FranceConnect et renseignées : ${filled.map(labelOf).join(', ')}. Vérifiez-les avant d’envoyer le formulaire.`,
      );
    }
    if (conflicts.length > 0) {
      sentences.push(
        `${conflicts.length === 1 ? 'Une valeur transmise diffère' : 'Des valeurs transmises diffèrent'} de votre saisie : choisissez celle à garder.`,
      );
    }
    status.textContent = sentences.join(' ');
    return { filled: filled.map(nameOf), conflicts: conflicts.map(nameOf), failure, failures };
  }

  /** Shows the typed and the transmitted value after the field, and lets the person choose. */
  #askToReplace(field: Field, value: string): void {
    const name = nameOf(field);
    this.querySelector(`[data-prefill-choice="${CSS.escape(name)}"]`)?.remove();
    const typed = this.#shown(field, this.#valueOf(field));
    const transmitted = this.#shown(field, value);
    const choice = document.createElement('div');
    choice.setAttribute('role', 'group');
    choice.dataset.prefillChoice = name;
    choice.className = 'franceconnect-prefill-choice';
    const text = document.createElement('p');
    text.id = `franceconnect-prefill-choice-${CSS.escape(name)}`;
    text.textContent = `${labelOf(field)} : vous avez saisi « ${typed} », la valeur transmise avec FranceConnect est « ${transmitted} ».`;
    choice.setAttribute('aria-labelledby', text.id);
    // The field itself tells screen readers about the choice waiting next to it.
    const own = (field.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter((id) => id !== '' && id !== text.id);
    const describedBy = own.length > 0 ? own.join(' ') : null;
    field.setAttribute('aria-describedby', [...own, text.id].join(' '));
    const use = button(`Utiliser la valeur transmise (${transmitted})`);
    const keep = button(`Garder ma saisie (${typed})`);
    const settle = (message: string) => {
      choice.remove();
      if (describedBy === null) field.removeAttribute('aria-describedby');
      else field.setAttribute('aria-describedby', describedBy);
      this.#region('status').textContent = message;
      field.focus();
    };
    use.addEventListener('click', () => {
      setValue(field, value);
      settle(`${labelOf(field)} : la valeur transmise avec FranceConnect est utilisée.`);
    });
    keep.addEventListener('click', () => settle(`${labelOf(field)} : votre saisie est conservée.`));
    choice.append(text, use, keep);
    // After the field's own paragraph or label when it has one: a group does not belong inside them.
    const parent = field.parentElement;
    (parent && parent !== this && parent.matches('p, label, span') ? parent : field).after(choice);
  }

  #radios(name: string): HTMLInputElement[] {
    return [...this.querySelectorAll<HTMLInputElement>('input[type=radio]')].filter(
      (radio) => radio.name === name,
    );
  }

  /**
   * What the field holds, in the terms of the retrieved value: a checkbox `true` or `false` (its own
   * value when it has one), a radio button its group's checked value, `''` when nothing is chosen.
   */
  #valueOf(field: Field): string {
    if (isRadio(field)) return this.#radios(field.name).find((radio) => radio.checked)?.value ?? '';
    if (isCheckbox(field)) {
      if (!field.hasAttribute('value')) return field.checked ? 'true' : '';
      return field.checked ? field.value : '';
    }
    return field.value;
  }

  /** A value as the person reads it: « oui » or « non » for a checkbox, a radio button's label. */
  #shown(field: Field, value: string): string {
    if (isCheckbox(field) && !field.hasAttribute('value')) return value === 'true' ? 'oui' : 'non';
    const radio = isRadio(field) ? this.#radios(field.name).find((item) => item.value === value) : undefined;
    return radio ? ownLabel(radio) : value;
  }

  /** The status or error paragraph: the author's own, else one created after the data button. */
  #region(kind: 'status' | 'error'): HTMLElement {
    const own = this.querySelector<HTMLElement>(`[data-prefill-${kind}]`);
    if (own) {
      if (!own.hasAttribute('role')) own.setAttribute('role', kind === 'status' ? 'status' : 'alert');
      return own;
    }
    const paragraph = document.createElement('p');
    paragraph.setAttribute(`data-prefill-${kind}`, '');
    paragraph.setAttribute('role', kind === 'status' ? 'status' : 'alert');
    paragraph.className = `franceconnect-prefill-${kind}`;
    if (kind === 'error') paragraph.hidden = true;
    // After the data button, and after the mention under it when there is one.
    const button = this.#dataButton();
    const next = button?.nextElementSibling;
    const anchor = next?.localName === 'franceconnect-data-mention' ? next : button;
    const status = this.querySelector('[data-prefill-status]');
    if (kind === 'error' && status) status.after(paragraph);
    else if (anchor) anchor.after(paragraph);
    else this.prepend(paragraph);
    return paragraph;
  }

  #dataButton(): HTMLElement | null {
    return this.querySelector<HTMLElement>('franceconnect-button[variant="data"]');
  }

  /** A data button without a destination is pointed at this page's retrieval, on this site. */
  #pointDataButton(): void {
    const button = this.#dataButton();
    if (!button || button.hasAttribute('href') || button.querySelector('a[href], form')) return;
    const url = new URL(sameOriginUrlOr(this.start, '/auth/data'));
    if (this.apis.trim() !== '') url.searchParams.set('apis', this.apis.trim());
    else if (this.scopes.trim() !== '') url.searchParams.set('scopes', this.scopes.trim());
    // This page, as a path the BFF keeps (an address such as `//host/page` would be refused there).
    const here = new URL(sameOriginUrlOr(`${location.pathname}${location.search}`, '/'));
    url.searchParams.set('returnTo', `${here.pathname}${here.search}`);
    button.setAttribute('href', `${url.pathname}${url.search}`);
  }

  #storageKey(): string {
    return `${STASH_PREFIX}${location.pathname}`;
  }

  /** Keeps what the person typed while they are at FranceConnect. */
  readonly #stash = (): void => {
    const values: Array<[string, string]> = [];
    for (const field of this.querySelectorAll<Field>(FIELDS)) {
      if (!kept(field)) continue;
      if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) {
        if (field.checked) values.push([field.name, field.value]);
      } else if (field.value !== '') values.push([field.name, field.value]);
    }
    try {
      sessionStorage.setItem(this.#storageKey(), JSON.stringify({ at: Date.now(), values }));
    } catch {
      // Storage full or disabled: the person retypes, nothing else breaks.
    }
  };

  /** Puts back what was typed before the trip to FranceConnect, once. */
  #restore(): void {
    let stash: { at?: unknown; values?: unknown } | null;
    try {
      stash = JSON.parse(sessionStorage.getItem(this.#storageKey()) ?? 'null') as typeof stash;
      sessionStorage.removeItem(this.#storageKey());
    } catch {
      return;
    }
    if (!stash || typeof stash.at !== 'number' || Date.now() - stash.at > STASH_TTL_MS) return;
    if (!Array.isArray(stash.values)) return;
    const fields = [...this.querySelectorAll<Field>(FIELDS)].filter(kept);
    for (const entry of stash.values as unknown[]) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') continue;
      const [name, value] = entry as [string, string];
      for (const field of fields.filter((candidate) => candidate.name === name)) {
        if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) {
          if (field.value === value) field.checked = true;
        } else if (untouched(field)) setValue(field, value);
      }
    }
  }
}

/** The field still holds what the page gave it (empty, or its default value), not the person's input. */
function untouched(field: Field): boolean {
  if (field.value === '') return true;
  if (!(field instanceof HTMLSelectElement)) return field.value === field.defaultValue;
  const initial = [...field.options].find((option) => option.defaultSelected) ?? field.options[0];
  return field.value === initial?.value;
}

function kept(field: Field): boolean {
  return field.name !== '' && !field.disabled && !SKIPPED_TYPES.has(field.type);
}

/** The value a `data-prefill` path names: `<api>.<path>` in that API's data, else in the merged `data`. */
function retrieved(body: DataBody, path: string): string | undefined {
  const [api = '', ...rest] = path.split('.');
  const data = body.apis && Object.hasOwn(body.apis, api) ? body.apis[api]?.data : undefined;
  return (data ? valueAt(data, rest.join('.')) : undefined) ?? valueAt(body.data, path);
}

/** The text of a value at a dotted path of `data`, if it is a string, a number or a boolean. */
function valueAt(data: Record<string, unknown> | undefined, path: string): string | undefined {
  let current: unknown = data;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'string' || typeof current === 'number' || typeof current === 'boolean'
    ? String(current)
    : undefined;
}

const isRadio = (field: Field): field is HTMLInputElement =>
  field instanceof HTMLInputElement && field.type === 'radio';
const isCheckbox = (field: Field): field is HTMLInputElement =>
  field instanceof HTMLInputElement && field.type === 'checkbox';

/** Sets a field as if the person had: frameworks listening to `input`/`change` see it. */
function setValue(field: Field, value: string): boolean {
  if (field instanceof HTMLSelectElement && ![...field.options].some((option) => option.value === value)) {
    return false;
  }
  if (isRadio(field) || isCheckbox(field)) {
    // A checkbox takes true or false (or its own value); a radio button is checked by its own value.
    const checked =
      isCheckbox(field) && !field.hasAttribute('value') ? value === 'true' : field.value === value;
    if (isRadio(field) && !checked) return false;
    if (field.checked === checked) return true;
    field.checked = checked;
  } else if (field.value === value) return true;
  else field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
}

function nameOf(field: Field): string {
  return field.name || field.id;
}

/** How the person knows the field: a radio button by its group's legend, another field by its label. */
function labelOf(field: Field): string {
  const legend = isRadio(field) ? field.closest('fieldset')?.querySelector('legend') : null;
  return (legend && textOf(legend)) || ownLabel(field);
}

function ownLabel(field: Field): string {
  const label = field.labels?.[0];
  return (label && textOf(label)) || field.getAttribute('aria-label') || nameOf(field);
}

const textOf = (element: Element): string => (element.textContent ?? '').replace(/\s+/g, ' ').trim();

function button(text: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = text;
  return element;
}
