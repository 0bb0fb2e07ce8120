// Story-only: gives one instance of a kit element its own copy of its shadow styles, rewritten (static
// pseudo-class states, simulated forced colours). The element's code and its shared stylesheet are left as
// they are; other instances on the page keep the original styles.

/** A rewrite of a shadow root's styles: the new CSS text of `sheet`. */
export type StyleTransform = (sheet: CSSStyleSheet) => string;

/** Transforms apply in this order, whatever the order they were set in, so the result is always the same. */
const ORDER = ['state', 'forced-colours'] as const;
export type TransformName = (typeof ORDER)[number];

interface Restyled {
  readonly originals: readonly CSSStyleSheet[];
  readonly transforms: Map<TransformName, StyleTransform>;
}

const restyled = new WeakMap<ShadowRoot, Restyled>();

interface Updatable extends HTMLElement {
  readonly updateComplete?: Promise<unknown>;
}

/** Waits for a (Lit) element's first render: its shadow root and its styles then exist. */
export async function rendered(element: Element): Promise<ShadowRoot> {
  await customElements.whenDefined(element.localName);
  await (element as Updatable).updateComplete;
  const root = element.shadowRoot;
  if (root === null) throw new Error(`<${element.localName}> has no open shadow root to restyle`);
  return root;
}

/** Sets (or with `undefined` removes) one named transform of `element`'s shadow styles. */
export async function restyle(
  element: Element,
  name: TransformName,
  transform: StyleTransform | undefined,
): Promise<ShadowRoot> {
  const root = await rendered(element);
  let state = restyled.get(root);
  if (state === undefined && transform === undefined) return root;
  if (state === undefined) {
    if (root.adoptedStyleSheets.length === 0) {
      throw new Error(`<${element.localName}> does not use adopted stylesheets: nothing to restyle`);
    }
    state = { originals: [...root.adoptedStyleSheets], transforms: new Map() };
    restyled.set(root, state);
  }
  if (transform === undefined) state.transforms.delete(name);
  else state.transforms.set(name, transform);

  let sheets: CSSStyleSheet[] = [...state.originals];
  for (const step of ORDER) {
    const apply = state.transforms.get(step);
    if (apply === undefined) continue;
    sheets = sheets.map((sheet) => {
      const copy = new CSSStyleSheet();
      copy.replaceSync(apply(sheet));
      return copy;
    });
  }
  root.adoptedStyleSheets = sheets;
  return root;
}

/** The kit's elements under `root`, including those rendered inside other kit elements' shadow roots. */
export async function kitElementsIn(root: ParentNode): Promise<Element[]> {
  const found: Element[] = [];
  for (const element of root.querySelectorAll('*')) {
    if (!element.localName.startsWith('franceconnect-')) continue;
    await customElements.whenDefined(element.localName);
    // A light-DOM element (<franceconnect-prefill>) has no styles of its own to restyle; the elements
    // inside it are found by this same query.
    if (!('renderRoot' in element)) continue;
    found.push(element, ...(await kitElementsIn(await rendered(element))));
  }
  return found;
}
