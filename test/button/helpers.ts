// Shared helpers of the component tests: the parts of a rendered button, colours and contrast, fonts,
// and development warnings. No runtime import: the production tests load no other copy of Lit.
import type { FranceConnectButton } from '@franceconnect-kit/button';

/** The rendered parts of a `<franceconnect-button>` (its shadow root is open, for tests and devtools). */
export function partsOf(button: Element) {
  const root = button.shadowRoot;
  if (!root) throw new Error(`<${button.localName}> has no shadow root: is it defined?`);
  const find = <T extends Element>(selector: string): T => {
    const found = root.querySelector<T>(selector);
    if (!found) throw new Error(`<${button.localName}> renders no ${selector}`);
    return found;
  };
  return {
    control: find<HTMLElement>('.button'),
    logo: find<SVGSVGElement>('svg'),
    first: find<HTMLElement>('.first'),
    brand: find<HTMLElement>('.brand'),
    help: find<HTMLAnchorElement>('.help a'),
  };
}

/** The `<franceconnect-button>` rendered by a `<franceconnect-login>`. */
export function buttonIn(login: Element): FranceConnectButton {
  const button = login.shadowRoot?.querySelector('franceconnect-button');
  if (!button) throw new Error('<franceconnect-login> renders no <franceconnect-button>');
  return button;
}

export const box = (element: Element): DOMRect => element.getBoundingClientRect();

/** The visible text of an element, whitespace collapsed. */
export const textOf = (element: Element): string => (element.textContent ?? '').replace(/\s+/g, ' ').trim();

/** `rgb(…)`/`rgba(…)` → `#rrggbb`. */
export function hex(cssColor: string): string {
  const channels = cssColor
    .match(/[\d.]+/g)
    ?.slice(0, 3)
    .map(Number);
  if (channels?.length !== 3) throw new Error(`not an rgb() colour: ${cssColor}`);
  return `#${channels.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG 2 relative luminance of `#rrggbb`. */
function luminance(color: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
    const c = parseInt(color.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio between two `#rrggbb` colours. */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Lets the development checks (run after the page is parsed, in a later task) happen. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));

/** Records `console.warn` calls until `restore()`; `kit()` keeps the kit's own warnings. */
export function captureWarnings() {
  const messages: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    messages.push(args.map(String).join(' '));
  };
  return {
    messages,
    kit: () => messages.filter((message) => message.startsWith('[franceconnect-kit]')),
    restore: () => {
      console.warn = original;
    },
  };
}

/**
 * Makes the page provide « Marianne » with the metrics of an installed font (a wider DejaVu Sans, or
 * Liberation Sans, metrically compatible with Arial), as a site that loads its own web font would.
 */
export async function provideMarianne(font: 'DejaVu Sans' | 'Liberation Sans'): Promise<() => void> {
  const style = document.createElement('style');
  style.textContent = `
    @font-face { font-family: Marianne; font-weight: 400; src: local('${font}'); }
    @font-face { font-family: Marianne; font-weight: 700; src: local('${font} Bold'); }`;
  document.head.append(style);
  const loaded = [
    ...(await document.fonts.load('400 17px Marianne')),
    ...(await document.fonts.load('700 18px Marianne')),
  ];
  if (loaded.length !== 2)
    throw new Error(`${font} is not installed (Debian: fonts-dejavu-core, fonts-liberation)`);
  return () => style.remove();
}
