// Story-only: a simulation of forced-colours mode (Windows contrast themes), which no page script can
// switch on. Within a kit element's shadow styles it does what the browser does: its own
// `@media (forced-colors: active)` rules apply, author colours give way to the system palette (text, links,
// backgrounds), shadows go. The Storybook test compares it with Chromium's real forced-colours emulation.
import { ref } from 'lit/directives/ref.js';
import { keep, preludeOf, rewriteRules } from './css-rules.js';
import { kitElementsIn, rendered, restyle, type StyleTransform } from './restyle.js';

export interface Palette {
  readonly label: string;
  /** `Canvas`, `CanvasText` and `LinkText` of the theme. */
  readonly canvas: string;
  readonly canvasText: string;
  readonly linkText: string;
  /** The `prefers-color-scheme` under which Chromium's emulation uses this palette. */
  readonly colorScheme: 'light' | 'dark';
}

/** Windows' High Contrast themes, which Chromium's `forced-colors: active` emulation also uses. */
export const PALETTES = {
  'high-contrast-black': {
    label: 'High Contrast Black',
    canvas: '#000000',
    canvasText: '#ffffff',
    linkText: '#ffff00',
    colorScheme: 'dark',
  },
  'high-contrast-white': {
    label: 'High Contrast White',
    canvas: '#ffffff',
    canvasText: '#000000',
    linkText: '#00009f',
    colorScheme: 'light',
  },
} as const satisfies Record<string, Palette>;

export type PaletteName = keyof typeof PALETTES;

/**
 * Colour properties the browser takes over in forced-colours mode (CSS Color Adjustment, §3.1), when author
 * CSS sets them. The logo's fills are SVG presentation attributes, not CSS: the browser keeps them, as here.
 */
const FORCED =
  /^(color|outline-color|border-(top|right|bottom|left|block|inline)(-(start|end))?-color|text-decoration-color|text-emphasis-color|column-rule-color|caret-color|accent-color|fill|stroke)$/;
const NONE_IN_FORCED_COLOURS = /^(box-shadow|text-shadow)$/;
const TRANSPARENT = /^(transparent|rgba\(0, 0, 0, 0\)|initial|inherit|unset|revert)$/;

function declarationsIn(style: CSSStyleDeclaration, palette: Palette): string {
  return Array.from(style, (property) => {
    const value = style.getPropertyValue(property);
    const important = style.getPropertyPriority(property) === 'important' ? ' !important' : '';
    if (FORCED.test(property)) return '';
    if (NONE_IN_FORCED_COLOURS.test(property)) return `${property}: none${important};`;
    if (property === 'background-color' && !TRANSPARENT.test(value)) {
      return `${property}: ${palette.canvas}${important};`;
    }
    return `${property}: ${value}${important};`;
  }).join(' ');
}

/** The shadow styles as the browser would apply them in forced-colours mode with `palette`. */
export const forcedColoursWith =
  (palette: Palette): StyleTransform =>
  (sheet) => {
    const rules = rewriteRules(sheet.cssRules, (rule, inner) => {
      if (rule instanceof CSSStyleRule)
        return `${rule.selectorText} { ${declarationsIn(rule.style, palette)} }`;
      if (rule instanceof CSSMediaRule && /forced-colors/.test(rule.conditionText)) {
        const prelude = preludeOf(rule)
          .replace(/\(\s*forced-colors\s*(:\s*active\s*)?\)/g, 'all')
          .replace(/\(\s*forced-colors\s*:\s*none\s*\)/g, 'not all');
        return `${prelude} {\n${inner(rule.cssRules)}\n}`;
      }
      return keep(rule, inner);
    });
    // The system colours: text everywhere, links where there is a link.
    return `${rules}
* { color: ${palette.canvasText} !important; }
:any-link, :any-link * { color: ${palette.linkText} !important; }`;
  };

/** Elements that a story draws in a palette of its own: the toolbar leaves them in it. */
const ownPalette = new WeakSet<Element>();
/** Elements the toolbar put in forced colours, to take them out again. */
const fromToolbar = new WeakSet<Element>();

/** Lit element directive: `<franceconnect-button ${inForcedColours(PALETTES['high-contrast-black'])}>`. */
export const inForcedColours = (palette: Palette) =>
  ref((element) => {
    if (element === undefined) return;
    ownPalette.add(element); // at once, before the toolbar's simulation (asynchronous too) reaches it
    const simulate = async () => {
      for (const each of [element, ...(await kitElementsIn(await rendered(element)))]) {
        ownPalette.add(each);
        await restyle(each, 'forced-colours', forcedColoursWith(palette));
      }
    };
    simulate().catch((error: unknown) => console.error(error));
  });

/** The toolbar's simulation: every kit element under `container` in `palette`, or (without one) out of it. */
export async function simulateForcedColoursIn(
  container: Element,
  palette: Palette | undefined,
): Promise<void> {
  for (const element of await kitElementsIn(container)) {
    if (ownPalette.has(element)) continue;
    if (palette !== undefined) {
      fromToolbar.add(element);
      await restyle(element, 'forced-colours', forcedColoursWith(palette));
    } else if (fromToolbar.delete(element)) {
      await restyle(element, 'forced-colours', undefined);
    }
  }
}
