// What the audit reads in a page, in one pass run inside the page (`frame.evaluate(inspectPage)`): the
// FranceConnect button however it is built (the kit's element and its shadow root, the DSFR's
// `fr-connect`, an image, plain text), and what surrounds it. Self-contained on purpose: Playwright
// sends this function's source to the page, so it may use nothing from outside its body.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How the button is built. */
export type ButtonKind = 'kit' | 'dsfr' | 'image' | 'text';

export interface FoundButton {
  kind: ButtonKind;
  /** The element's tag and classes, e.g. `a.button` or `button.fr-connect`. */
  element: string;
  /** The accessible name as a screen reader gives it (aria-label, text, image alternatives). */
  name: string;
  /** The box measured: the clickable, or its image when the image is all it shows. */
  box: Box;
  target: string | null;
  href: string | null;
  /** Computed colour of the label's text; null when the label is an image. */
  textColour: string | null;
  /** Font size of the clickable, in CSS px (the DSFR's button is sized in em of it). */
  fontSize: number;
  /** Whether the DSFR's own geometry applies (class `fr-connect` with its 4em left padding). */
  dsfrGeometry: boolean;
  /** A `<dialog>`, popover or `aria-modal` around it. */
  inModal: boolean;
}

export interface HelpLink {
  text: string;
  href: string | null;
  target: string | null;
  rel: string | null;
  title: string | null;
  /** The link's line: its block container when it holds nothing else, else the link itself. */
  box: Box;
  colour: string;
  underlined: boolean;
  /** Colour of the text around the link (to tell it apart). */
  surroundingColour: string;
}

export interface TextBlock {
  text: string;
  box: Box;
}

export interface Separator {
  /** The text as displayed (`OU` when upper-cased by CSS). */
  text: string;
  box: Box;
  /** How a line was found beside it, or null. */
  line: string | null;
}

export type MethodKind = 'password' | 'identifier' | 'passkey' | 'social' | 'provider';

export interface OtherMethod {
  kind: MethodKind;
  label: string;
  box: Box;
}

export interface PageProbe {
  url: string;
  title: string;
  /** Whether this document is inside a frame. */
  framed: boolean;
  button: FoundButton | null;
  /** Every FranceConnect button of the page (names), the chosen one first. */
  candidates: string[];
  help: HelpLink | null;
  sentences: TextBlock[];
  separators: Separator[];
  /** The page's other sign-in methods (password forms, passkeys, other identity providers, social networks). */
  methods: OtherMethod[];
  /** Background colour behind the button (or of the page). */
  background: string;
}

/** Runs in the page. `marker`: the attribute set on the button and help link found, for the audit to reach them. */
export function inspectPage(marker: string): PageProbe {
  const CLICKABLE =
    'a[href], a[role], button, input[type="submit"], input[type="button"], input[type="image"], [role="button"], [role="link"], [onclick]';
  const SOCIAL_NAME =
    /\b(google|facebook|meta|apple|microsoft|linkedin|github|gitlab|twitter|amazon|yahoo|instagram|tiktok)\b|\b(?:avec|with|via)\s+x\b/i;
  const SIGN_IN_WORDS = /connect|identifi|connexion|continu|sign|log|inscri|account|compte/i;
  const SOCIAL_AUTH_URL =
    /accounts\.google\.|facebook\.com\/.*(?:oauth|login|dialog)|appleid\.apple\.com|login\.(?:microsoftonline|live)\.com|linkedin\.com\/oauth|github\.com\/login|(?:twitter|x)\.com\/i\/oauth/i;
  const OTHER_PROVIDER =
    /(?:se connecter|s.identifier|connexion|sign in|log in|continuer)\s+(?:avec|via|with)\s+(\S+)/i;
  const HELP = /qu.est.ce que france\s*connect|what is france\s*connect/i;
  const SENTENCE = /france\s*connect\+?\s+(?:est la solution propos[ée]e par l.[ÉE]tat|is the solution)/i;

  const norm = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

  function* walk(root: Document | ShadowRoot | Element): Generator<Element> {
    for (const element of Array.from(root.querySelectorAll('*'))) {
      yield element;
      if (element.shadowRoot) yield* walk(element.shadowRoot);
    }
  }

  /** The parent in the flat tree: slotted elements sit in their slot, shadow roots in their host. */
  const flatParent = (node: Node): Node | null => {
    if (node instanceof ShadowRoot) return node.host;
    if (node instanceof Element && node.assignedSlot) return node.assignedSlot;
    return node.parentNode;
  };

  const boxOf = (element: Element): Box => {
    const rect = element.getBoundingClientRect();
    return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
  };

  const visible = (element: Element): boolean => {
    const rect = element.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1) return false;
    return element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  };

  const describe = (element: Element): string =>
    `${element.localName}${Array.from(element.classList)
      .slice(0, 3)
      .map((name) => `.${name}`)
      .join('')}`;

  const alternatives = (element: Element): string[] =>
    Array.from(
      element.querySelectorAll('img[alt], input[type="image"][alt], svg title, [role="img"][aria-label]'),
    )
      .map((image) =>
        image.localName === 'title'
          ? norm(image.textContent)
          : norm(image.getAttribute('alt') ?? image.getAttribute('aria-label')),
      )
      .filter(Boolean);

  /** The accessible name, close to what Chromium computes (aria-labelledby, aria-label, text, alternatives). */
  const nameOf = (element: Element): string => {
    const labelledBy = element.getAttribute('aria-labelledby');
    if (labelledBy) {
      const root = element.getRootNode() as Document | ShadowRoot;
      const text = labelledBy
        .split(/\s+/)
        .map((id) => norm(root.getElementById(id)?.innerText))
        .join(' ');
      if (norm(text)) return norm(text);
    }
    const label = element.getAttribute('aria-label');
    if (norm(label)) return norm(label);
    if (element instanceof HTMLInputElement) return norm(element.alt || element.value || element.title);
    if (element instanceof HTMLImageElement) return norm(element.alt);
    const text = element instanceof HTMLElement ? element.innerText : element.textContent;
    return norm([text, ...alternatives(element)].join(' ')) || norm(element.getAttribute('title'));
  };

  const transparent = (colour: string) => colour === 'transparent' || /rgba\(.*,\s*0\)$/.test(colour);

  const backgroundBehind = (element: Element): string => {
    for (let node: Node | null = flatParent(element); node !== null; node = flatParent(node)) {
      if (node instanceof Element) {
        const colour = getComputedStyle(node).backgroundColor;
        if (!transparent(colour)) return colour;
      }
    }
    return 'rgb(255, 255, 255)';
  };

  const insideModal = (element: Element): boolean => {
    for (let node = flatParent(element); node !== null; node = flatParent(node)) {
      if (
        node instanceof Element &&
        node.matches('dialog, [popover], [role="dialog"], [role="alertdialog"], [aria-modal="true"]')
      )
        return true;
    }
    return false;
  };

  const insideKit = (element: Element): boolean => {
    for (let node = flatParent(element); node !== null; node = flatParent(node)) {
      if (node instanceof Element && node.localName === 'franceconnect-button') return true;
    }
    return false;
  };

  const elements = Array.from(walk(document));
  const clickables = elements.filter((element) => element.matches(CLICKABLE) && visible(element));

  // The FranceConnect button: a clickable named after FranceConnect (not its help link), or the DSFR's.
  const isHelp = (element: Element) =>
    HELP.test(nameOf(element)) || /franceconnect\.gouv\.fr/i.test(element.getAttribute('href') ?? '');
  const fcButtons = clickables.filter(
    (element) =>
      !isHelp(element) &&
      (element.classList.contains('fr-connect') || /france\s*connect/i.test(nameOf(element))) &&
      // The innermost clickable (a link inside a clickable card counts once).
      !Array.from(element.querySelectorAll(CLICKABLE)).some((inner) =>
        /france\s*connect/i.test(nameOf(inner)),
      ),
  );
  const chosen = fcButtons[0] ?? null;

  let button: FoundButton | null = null;
  if (chosen) {
    chosen.setAttribute(marker, 'button');
    const style = getComputedStyle(chosen);
    const text = chosen instanceof HTMLElement ? norm(chosen.innerText) : '';
    const images = Array.from(chosen.querySelectorAll('img, svg')).filter(visible);
    const imageOnly = text === '' && (images.length === 1 || chosen instanceof HTMLInputElement);
    const measured = imageOnly && images[0] && !(chosen instanceof HTMLInputElement) ? images[0] : chosen;
    if (measured !== chosen) measured.setAttribute(marker, 'button-box');
    let textColour: string | null = null;
    if (!imageOnly) {
      const walker = document.createTreeWalker(chosen, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        if (norm(node.textContent) && node.parentElement) {
          textColour = getComputedStyle(node.parentElement).color;
          break;
        }
      }
    }
    const fontSize = parseFloat(style.fontSize);
    const kind: ButtonKind = insideKit(chosen)
      ? 'kit'
      : chosen.classList.contains('fr-connect')
        ? 'dsfr'
        : imageOnly
          ? 'image'
          : 'text';
    button = {
      kind,
      element: describe(chosen),
      name: nameOf(chosen),
      box: boxOf(measured),
      target: chosen.getAttribute('target') ?? chosen.closest('form')?.getAttribute('target') ?? null,
      href: chosen.getAttribute('href'),
      textColour,
      fontSize,
      dsfrGeometry:
        chosen.classList.contains('fr-connect') &&
        Math.abs(parseFloat(style.paddingLeft) - 4 * fontSize) < 0.5,
      inModal: insideModal(chosen),
    };
  }

  // The help link: the « Qu’est-ce que FranceConnect ? » link nearest below the button.
  let help: HelpLink | null = null;
  const links = elements.filter(
    (element) => element.localName === 'a' && element !== chosen && visible(element),
  );
  const helpLinks = links.filter(
    (link) => HELP.test(nameOf(link)) || /franceconnect\.gouv\.fr/i.test(link.getAttribute('href') ?? ''),
  );
  if (helpLinks.length > 0) {
    const bottom = button ? button.box.y + button.box.height : 0;
    const scored = helpLinks
      .map((link) => ({ link, gap: boxOf(link).y - bottom }))
      .sort((a, b) => (a.gap >= -4 ? a.gap : 1e6 - a.gap) - (b.gap >= -4 ? b.gap : 1e6 - b.gap));
    const link = scored[0]!.link as HTMLAnchorElement;
    let line: Element = link;
    const parent = link.parentElement;
    if (parent && parent !== document.body && norm(parent.innerText) === norm(link.innerText)) {
      const display = getComputedStyle(parent).display;
      if (!display.startsWith('inline')) line = parent;
    }
    const style = getComputedStyle(link);
    help = {
      text: norm(link.innerText),
      href: link.getAttribute('href'),
      target: link.getAttribute('target'),
      rel: link.getAttribute('rel'),
      title: link.getAttribute('title'),
      box: boxOf(line),
      colour: style.color,
      underlined: style.textDecorationLine.includes('underline') || /gradient/.test(style.backgroundImage),
      surroundingColour: parent ? getComputedStyle(parent).color : style.color,
    };
    link.setAttribute(marker, 'help');
  }

  // The explanatory sentence: the innermost elements whose text carries it.
  const sentences: TextBlock[] = elements
    .filter(
      (element) =>
        element instanceof HTMLElement &&
        visible(element) &&
        SENTENCE.test(element.innerText) &&
        !Array.from(element.children).some(
          (child) => child instanceof HTMLElement && SENTENCE.test(child.innerText),
        ),
    )
    .map((element) => ({ text: norm((element as HTMLElement).innerText), box: boxOf(element) }));

  // « ou »: an element whose whole text is « ou », in the DOM or drawn by CSS.
  const lineOf = (element: Element, box: Box): string | null => {
    const drawsLine = (style: CSSStyleDeclaration, pseudo: boolean): boolean => {
      if (pseudo && (style.content === 'none' || style.content === 'normal')) return false;
      const thin = parseFloat(style.height) <= 4 && parseFloat(style.width) >= 16;
      const border = ['Top', 'Bottom'].some(
        (side) =>
          parseFloat(style.getPropertyValue(`border-${side.toLowerCase()}-width`)) >= 1 &&
          style.getPropertyValue(`border-${side.toLowerCase()}-style`) !== 'none',
      );
      return border || (thin && (!transparent(style.backgroundColor) || style.backgroundImage !== 'none'));
    };
    for (const pseudo of ['::before', '::after']) {
      if (drawsLine(getComputedStyle(element, pseudo), true)) return `pseudo-élément ${pseudo} de « ou »`;
    }
    const own = getComputedStyle(element);
    if (drawsLine(own, false) && box.width > 40) return 'bordure de « ou »';
    const near = elements.filter((other) => {
      if (other === element || other.contains(element) || !visible(other)) return false;
      const rect = boxOf(other);
      return (
        Math.abs(rect.y + rect.height / 2 - (box.y + box.height / 2)) <= 24 || Math.abs(rect.y - box.y) <= 24
      );
    });
    for (const other of near) {
      const rect = boxOf(other);
      if (other.localName === 'hr') return 'élément <hr> à côté de « ou »';
      if (rect.height <= 4 && rect.width >= 16 && drawsLine(getComputedStyle(other), false))
        return `trait ${describe(other)}`;
    }
    const parent = element.parentElement;
    if (parent) {
      for (const pseudo of ['::before', '::after']) {
        if (drawsLine(getComputedStyle(parent, pseudo), true))
          return `pseudo-élément ${pseudo} autour de « ou »`;
      }
    }
    return null;
  };
  const separators: Separator[] = [];
  for (const element of elements) {
    if (!(element instanceof HTMLElement) || !visible(element)) continue;
    const text = norm(element.innerText);
    const fromCss = ['::before', '::after']
      .map((pseudo) => getComputedStyle(element, pseudo).content)
      .find((content) => /^["'](ou|or)["']$/i.test(content));
    const own =
      /^(ou|or)$/i.test(text) &&
      !Array.from(element.children).some((child) =>
        /^(ou|or)$/i.test(norm((child as HTMLElement).innerText)),
      );
    if (own || (fromCss && text === '')) {
      const box = boxOf(element);
      separators.push({
        text: own ? text : (fromCss ?? '').replace(/["']/g, ''),
        box,
        line: lineOf(element, box),
      });
    }
  }

  // The page's other sign-in methods.
  const methods: OtherMethod[] = [];
  const seenForms = new Set<Element>();
  const credentials = elements.filter(
    (element) =>
      element.matches(
        'input[type="password"], input[autocomplete~="username"], input[autocomplete~="current-password"], input[autocomplete~="webauthn"]',
      ) && visible(element),
  );
  for (const input of credentials) {
    const form = input.closest('form');
    if (form && seenForms.has(form)) continue;
    if (form) seenForms.add(form);
    methods.push({
      kind:
        input.matches('input[type="password"]') || form?.querySelector('input[type="password"]')
          ? 'password'
          : 'identifier',
      label: form ? `formulaire ${describe(form)}` : `champ ${describe(input)}`,
      box: boxOf(form && visible(form) ? form : input),
    });
  }
  for (const element of clickables) {
    if (element === chosen || fcButtons.includes(element)) continue;
    const name = nameOf(element);
    const href = element.getAttribute('href') ?? element.closest('form')?.getAttribute('action') ?? '';
    if (SOCIAL_AUTH_URL.test(href) || (SOCIAL_NAME.test(name) && SIGN_IN_WORDS.test(name))) {
      methods.push({ kind: 'social', label: name || href, box: boxOf(element) });
    } else if (/cl[ée]s? d.acc[èe]s|passkey/i.test(name)) {
      methods.push({ kind: 'passkey', label: name, box: boxOf(element) });
    } else if (OTHER_PROVIDER.test(name) && !/france\s*connect/i.test(name)) {
      methods.push({ kind: 'provider', label: name, box: boxOf(element) });
    }
  }

  return {
    url: location.href,
    title: document.title,
    framed: window !== window.top,
    button,
    candidates: fcButtons.map(nameOf),
    help,
    sentences,
    separators,
    methods,
    background: backgroundBehind(chosen ?? document.body ?? document.documentElement),
  };
}
