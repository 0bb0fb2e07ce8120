// Where the system's Chromium is, and the flags it needs here. Shared by the component tests
// (web-test-runner), the end-to-end tests (playwright-core) and the scripts: tests always drive the
// system's browser, never a downloaded one.
import { existsSync } from 'node:fs';

const candidates = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** The Chromium executable: `CHROME_PATH`, else `/usr/bin/chromium`, else the usual Chrome places. */
export function chromiumPath() {
  const found = candidates.find((candidate) => candidate && existsSync(candidate));
  if (!found) {
    throw new Error(
      'No Chromium found. Install it (Debian/Ubuntu: apt-get install chromium) or set CHROME_PATH to a Chrome or Chromium executable.',
    );
  }
  return found;
}

/** Flags for a headless Chromium on a closed network; `--no-sandbox` only when running as root. */
export function chromiumArgs() {
  return [
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
    '--font-render-hinting=none',
  ];
}
