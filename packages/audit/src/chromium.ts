// The system's Chromium (never a downloaded one), driven by playwright-core.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { AuditRunError } from './errors.js';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/** `explicit`, else `CHROME_PATH`, else the usual places of Chromium and Chrome. */
export function findChromium(explicit?: string): string {
  if (explicit !== undefined) {
    if (!existsSync(explicit)) throw new AuditRunError(`Chromium introuvable à ${explicit} (--chromium)`);
    return explicit;
  }
  const fromEnvironment = process.env.CHROME_PATH;
  if (fromEnvironment) {
    if (!existsSync(fromEnvironment))
      throw new AuditRunError(`Chromium introuvable à ${fromEnvironment} (CHROME_PATH)`);
    return fromEnvironment;
  }
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new AuditRunError(
      'aucun Chromium ni Chrome trouvé : installez-le (Debian/Ubuntu : apt-get install chromium) ou donnez son chemin avec --chromium ou CHROME_PATH',
    );
  }
  return found;
}

export async function launchChromium(explicit?: string): Promise<Browser> {
  const executablePath = findChromium(explicit);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      // Chromium refuses to run as root with its sandbox (containers, CI).
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--font-render-hinting=none',
    ],
  });
}
