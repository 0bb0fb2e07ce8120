// Story-only: shows an element in its hover, active or focus-visible state without a pointer or a keyboard,
// so that a designer sees every state side by side. As Material Web's `transform-pseudo-classes` does, each
// rule of the instance's shadow styles that uses one of these pseudo-classes is doubled by a rule that uses
// a class instead, and the class is put where the browser would set the pseudo-class. The Storybook test
// compares the result with the real element really hovered, pressed and focused.
import { ref } from 'lit/directives/ref.js';
import { keep, rewriteRules } from './css-rules.js';
import { restyle } from './restyle.js';

export const STATES = ['hover', 'active', 'focus-visible'] as const;
export type StaticState = (typeof STATES)[number];

const PSEUDO_CLASS = /:(hover|active|focus-visible|focus-within|focus)(?![\w-])/g;
const classOf = (pseudoClass: string): string => `static-${pseudoClass}`;

/**
 * The pseudo-classes each state sets, as the browser sets them: on the control, and on its ancestors up to
 * the host. Pressing with the mouse also hovers and focuses (without `:focus-visible`); the keyboard focuses
 * without hovering.
 */
const PSEUDO_CLASSES: Record<StaticState, { control: string[]; ancestors: string[] }> = {
  hover: { control: ['hover'], ancestors: ['hover'] },
  active: { control: ['hover', 'active', 'focus'], ancestors: ['hover', 'active', 'focus-within'] },
  'focus-visible': { control: ['focus', 'focus-visible'], ancestors: ['focus-within'] },
};

const ALL_CLASSES = [
  ...new Set(Object.values(PSEUDO_CLASSES).flatMap((p) => [...p.control, ...p.ancestors])),
].map(classOf);

/** Each rule that uses a state's pseudo-class, followed by the same rule with a class in its place. */
function withStateClasses(sheet: CSSStyleSheet): string {
  return rewriteRules(sheet.cssRules, (rule, inner) => {
    if (!(rule instanceof CSSStyleRule)) return keep(rule, inner);
    const selector = rule.selectorText.replace(PSEUDO_CLASS, (_, name: string) => `.${classOf(name)}`);
    return selector === rule.selectorText
      ? rule.cssText
      : `${rule.cssText}\n${selector} { ${rule.style.cssText} }`;
  });
}

/** The element a pointer or a keyboard would act on: the first interactive element of the shadow root. */
function controlIn(root: ShadowRoot): HTMLElement {
  const control = root.querySelector<HTMLElement>('a[href], button:enabled, input:enabled, [tabindex]');
  if (control === null) throw new Error(`<${root.host.localName}> has no enabled control to show in a state`);
  return control;
}

function mark(root: ShadowRoot, state: StaticState): void {
  for (const element of [root.host, ...root.querySelectorAll('*')]) element.classList.remove(...ALL_CLASSES);
  const control = controlIn(root);
  const { control: own, ancestors } = PSEUDO_CLASSES[state];
  control.classList.add(...own.map(classOf));
  for (let node = control.parentElement; node !== null; node = node.parentElement) {
    node.classList.add(...ancestors.map(classOf));
  }
  root.host.classList.add(...ancestors.map(classOf));
}

const watched = new WeakMap<ShadowRoot, { state: StaticState }>();

/** Shows `element` (a kit element with a control, e.g. `<franceconnect-button>`) in `state`, statically. */
export async function showState(element: Element, state: StaticState): Promise<void> {
  const root = await restyle(element, 'state', withStateClasses);
  const current = watched.get(root);
  if (current !== undefined) {
    current.state = state;
    mark(root, state);
    return;
  }
  const entry = { state };
  watched.set(root, entry);
  // Re-rendering (when the page's theme or language changes) rewrites class attributes: mark again.
  const observer = new MutationObserver(() => {
    observer.disconnect();
    mark(root, entry.state);
    observe();
  });
  const observe = () =>
    observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  mark(root, state);
  observe();
}

/** Lit element directive: `<franceconnect-button ${inState('hover')}>`. */
export const inState = (state: StaticState) =>
  ref((element) => {
    if (element !== undefined) showState(element, state).catch((error: unknown) => console.error(error));
  });
