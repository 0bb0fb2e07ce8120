// The site's own forms (local sign-in and sign-up, « J’ai déjà un compte ») post JSON to the BFF with
// the CSRF header, and show its answers: each field's error under the field, anything else in an alert
// at the top of the form.
import { csrfToken } from './session.js';

/** A BFF answer: its status and JSON body (`{ error, message, fields }` when refused). */
export interface Answer {
  status: number;
  body: { error?: string; message?: string; fields?: Record<string, string> } & Record<string, unknown>;
}

const OFFLINE = 'Le service ne répond pas. Vérifiez votre connexion à Internet, puis réessayez.';

/** `POST` (or another method) `body` as JSON to the BFF, with the CSRF token. */
export async function send(url: string, body: unknown, method = 'POST'): Promise<Answer> {
  try {
    const response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'x-csrf-token': await csrfToken(),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as Answer['body'] };
  } catch {
    return { status: 0, body: { error: 'offline', message: OFFLINE } };
  }
}

/** The form's text fields, by name. */
export function valuesOf(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string') values[name] = value;
  }
  return values;
}

function describedBy(input: HTMLElement, id: string, add: boolean): void {
  const ids = new Set((input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
  if (add) ids.add(id);
  else ids.delete(id);
  if (ids.size > 0) input.setAttribute('aria-describedby', [...ids].join(' '));
  else input.removeAttribute('aria-describedby');
}

/** Removes the errors shown by `showAnswer`. */
export function clearErrors(form: HTMLFormElement): void {
  form.querySelector('[data-form-alert]')?.replaceChildren();
  for (const error of form.querySelectorAll('.field__error')) error.remove();
  for (const field of form.querySelectorAll('.field--error')) field.classList.remove('field--error');
  for (const input of form.querySelectorAll<HTMLElement>('[aria-invalid="true"]')) {
    input.removeAttribute('aria-invalid');
    describedBy(input, `${input.id}-error`, false);
  }
}

/**
 * Shows a refusal: the message of each field under it (`aria-invalid`, described by it), the focus
 * on the first one; the general message in the form's `[data-form-alert]` (`role="alert"`).
 */
export function showAnswer(form: HTMLFormElement, answer: Answer, fallback: string): void {
  clearErrors(form);
  let first: HTMLElement | undefined;
  const unplaced: string[] = [];
  for (const [name, message] of Object.entries(answer.body.fields ?? {})) {
    const input = form.elements.namedItem(name);
    if (!(input instanceof HTMLInputElement || input instanceof HTMLSelectElement)) {
      unplaced.push(message);
      continue;
    }
    const error = document.createElement('p');
    error.className = 'field__error';
    error.id = `${input.id}-error`;
    error.textContent = message;
    input.closest('.field')?.classList.add('field--error');
    input.after(error);
    input.setAttribute('aria-invalid', 'true');
    describedBy(input, error.id, true);
    first ??= input;
  }
  if (!first || unplaced.length > 0) {
    const alert = document.createElement('div');
    alert.className = 'alert alert--error';
    alert.setAttribute('role', 'alert');
    alert.textContent = first ? unplaced.join(' ') : (answer.body.message ?? fallback);
    form.querySelector('[data-form-alert]')?.replaceChildren(alert);
  }
  first?.focus();
}

/**
 * Submits `form` through `submit` (at most one request at a time); `submit` answers whether it is
 * done (the page moves on) or the form should show the answer.
 */
export function handleSubmit(
  form: HTMLFormElement | null,
  submit: (values: Record<string, string>) => Promise<Answer | 'done'>,
  fallback: string,
): void {
  if (!form) return;
  let busy = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    form.setAttribute('aria-busy', 'true');
    void submit(valuesOf(form))
      .then((answer) => {
        if (answer !== 'done') showAnswer(form, answer, fallback);
      })
      .finally(() => {
        busy = false;
        form.removeAttribute('aria-busy');
      });
  });
}
