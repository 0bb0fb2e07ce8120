// Development-only checks of where a FranceConnect button is placed on the page (qualification #1, #5, #7,
// #13). They read the DOM once it is parsed and warn; they never change anything. Only reached from
// `if (__DEV__)` branches, so the production build leaves them out.
import type { ButtonVariant } from './variants.js';
import { warnOnce } from './warn.js';

export interface PlacementSubject {
  /** The outermost kit element: the button, or the `<franceconnect-login>` section that renders it. */
  readonly element: HTMLElement;
  readonly variant: () => ButtonVariant;
  /** Whether the element renders the explanatory sentence itself. */
  readonly rendersSentence: boolean;
}

const SECTION =
  'section, article, aside, main, nav, fieldset, [role="region"], [role="main"], [role="form"], [role="group"]';
const MODAL = 'dialog, [popover], [role="dialog"], [role="alertdialog"], [aria-modal="true"]';
const CLICKABLE = 'a, button, input[type="submit"], input[type="button"], [role="button"], [role="link"]';
// A site's own sign-in: a password or a username field (not any e-mail field: a newsletter form is not one).
const OWN_CREDENTIALS =
  'input[type="password"], input[autocomplete~="username"], input[autocomplete~="current-password"], input[autocomplete~="webauthn"]';
const SOCIAL_NAME =
  /\b(google|facebook|meta|apple|microsoft|linkedin|github|gitlab|twitter|amazon|yahoo|instagram|tiktok)\b|\b(?:avec|with|via)\s+x\b/i;
const SIGN_IN_WORDS = /connect|identifi|connexion|continu|sign|log|inscri|account|compte/i;
const SOCIAL_AUTH_URL =
  /accounts\.google\.|facebook\.com\/.*(?:oauth|login|dialog)|appleid\.apple\.com|login\.(?:microsoftonline|live)\.com|linkedin\.com\/oauth|github\.com\/login|(?:twitter|x)\.com\/i\/oauth/i;
const SENTENCE = /FranceConnect\+? (?:est la solution proposée par l’État|is the solution)/i;

/** The parent in the flat tree: slotted elements are inside their slot, shadow roots inside their host. */
function flatParent(node: Node): Node | null {
  if (node instanceof ShadowRoot) return node.host;
  if (node instanceof Element && node.assignedSlot) return node.assignedSlot;
  return node.parentNode;
}

function insideModal(element: Element): boolean {
  for (let node = flatParent(element); node !== null; node = flatParent(node)) {
    if (node instanceof Element && node.matches(MODAL)) return true;
  }
  return false;
}

/** The page section the element sits in (its nearest sectioning ancestor in the same tree). */
function sectionOf(element: Element): ParentNode {
  const root = element.getRootNode();
  const fallback = root instanceof Document ? (root.body ?? root.documentElement) : (root as ParentNode);
  return element.parentElement?.closest(SECTION) ?? fallback;
}

function labelOf(element: Element): string {
  return [
    element.textContent,
    element.getAttribute('aria-label'),
    element.getAttribute('title'),
    element.getAttribute('value'),
    ...Array.from(element.querySelectorAll('img[alt]'), (img) => img.getAttribute('alt')),
  ].join(' ');
}

function isSocialSignIn(element: Element): boolean {
  const label = labelOf(element);
  const href = element.getAttribute('href') ?? element.closest('form')?.getAttribute('action') ?? '';
  return SOCIAL_AUTH_URL.test(href) || (SOCIAL_NAME.test(label) && SIGN_IN_WORDS.test(label));
}

function precedes(candidate: Node, element: Node): boolean {
  return (
    (element.compareDocumentPosition(candidate) & Node.DOCUMENT_POSITION_PRECEDING) !== 0 &&
    !candidate.contains(element)
  );
}

function textBefore(element: Element, section: ParentNode): string {
  const range = element.ownerDocument.createRange();
  range.selectNodeContents(section);
  range.setEndBefore(element);
  return range.toString().replace(/\s+/g, ' ').replace(/'/g, '’');
}

function check({ element, variant, rendersSentence }: PlacementSubject): void {
  const view = element.ownerDocument.defaultView;
  if (view !== null && view !== view.top) {
    warnOnce(
      element,
      'iframe',
      'it is inside an iframe. FranceConnect must open in the page itself: never in a pop-up, a modal or an iframe (qualification #13).',
    );
  }
  if (insideModal(element)) {
    warnOnce(
      element,
      'modal',
      'it is inside a <dialog> or a popover. FranceConnect must open in the page itself: never in a pop-up, a modal or an iframe (qualification #13).',
    );
  }
  if (variant() === 'data') return; // The rules below are about the sign-in section.

  const section = sectionOf(element);
  const social = Array.from(section.querySelectorAll(CLICKABLE)).find(isSocialSignIn);
  if (social !== undefined) {
    warnOnce(
      element,
      'social',
      `a social-network sign-in button is in the same section (« ${social.textContent?.trim() ?? ''} »). FranceConnect must not sit next to social-network or other private identity buttons (qualification #7).`,
    );
  }
  const earlier = [...section.querySelectorAll(OWN_CREDENTIALS), ...section.querySelectorAll(CLICKABLE)].find(
    (candidate) =>
      (candidate.matches(OWN_CREDENTIALS) || isSocialSignIn(candidate)) && precedes(candidate, element),
  );
  if (earlier !== undefined) {
    warnOnce(
      element,
      'first',
      'another sign-in method comes before it. FranceConnect must be the first sign-in method, above the others and separated from them by « ou » (qualification #5, #6); <franceconnect-login> lays this out.',
    );
  }
  if (!rendersSentence && !SENTENCE.test(textBefore(element, section))) {
    warnOnce(
      element,
      'sentence',
      'the explanatory sentence is missing above it: « FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion à vos services en ligne. » (qualification #1); <franceconnect-login> renders it.',
    );
  }
}

/** Runs the checks once the page is parsed and has had a moment to render its other sign-in methods. */
export function checkPlacement(subject: PlacementSubject): void {
  const { element } = subject;
  const run = () =>
    setTimeout(() => {
      if (element.isConnected) check(subject);
    });
  if (element.ownerDocument.readyState === 'loading') {
    element.ownerDocument.addEventListener('DOMContentLoaded', run, { once: true });
  } else {
    run();
  }
}

/** A button rendered by `<franceconnect-login>`: the section runs the checks for it. */
export function renderedBySection(element: Element): boolean {
  const root = element.getRootNode();
  return root instanceof ShadowRoot && root.host.localName === 'franceconnect-login';
}
