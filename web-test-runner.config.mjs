// Component tests (test/button) in the system's Chromium, headless.
//   development: the package as bundlers resolve it in development (the `development` export condition:
//                development warnings on), plus fixtures served from test/button/fixtures.
//   production:  the production builds (CDN bundles, default export condition), which must stay silent.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { createServer } from 'node:net';
import { tsImport } from 'tsx/esm/api';
import { measureBundles } from './packages/button/scripts/bundle-sizes.mjs';
import { chromiumArgs, chromiumPath } from './scripts/lib/chromium.mjs';

/** A port the system says is free: several test runs on one machine would all try 8000 first otherwise. */
const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });

/** `executeServerCommand('emulate-forced-colors', { active })`: Windows high-contrast mode. */
function forcedColorsPlugin() {
  // Emulation lasts as long as the DevTools session that set it: one per page, kept open.
  const sessions = new Map();
  return {
    name: 'emulate-forced-colors',
    /** @param {{ command: string, payload: { active?: boolean }, session: any }} context */
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-forced-colors') return undefined;
      // Puppeteer's emulateMediaFeatures() does not know this feature; the DevTools protocol does.
      const page = session.browser.getPage(session.id);
      if (!sessions.has(page)) sessions.set(page, await page.createCDPSession());
      await sessions.get(page).send('Emulation.setEmulatedMedia', {
        features: [{ name: 'forced-colors', value: payload.active ? 'active' : 'none' }],
      });
      return true;
    },
  };
}

/** `executeServerCommand('bundle-sizes')`: the CDN bundles' gzip sizes and budgets, as `npm run size` measures them. */
function bundleSizesPlugin() {
  return {
    name: 'bundle-sizes',
    /** @param {{ command: string }} context */
    executeCommand: ({ command }) => (command === 'bundle-sizes' ? measureBundles() : undefined),
  };
}

const port = await freePort();

// A real BFF (with accounts) and the local FranceConnect behind this server, for the account elements.
/** @type {typeof import('./test/helpers/component-bff.ts')} */
const { componentBff } = await tsImport('./test/helpers/component-bff.ts', import.meta.url);
const bff = componentBff(`http://localhost:${port}`);

export default {
  port,
  middleware: [bff.middleware],
  nodeResolve: { exportConditions: ['development', 'browser'] },
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'test/button/tsconfig.json' }),
    a11ySnapshotPlugin(),
    forcedColorsPlugin(),
    bundleSizesPlugin(),
    bff.plugin,
  ],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromiumPath(), headless: true, args: chromiumArgs() },
    }),
  ],
  groups: [
    { name: 'development', files: ['test/button/**/*.test.ts', '!test/button/production/**'] },
    { name: 'production', files: 'test/button/production/**/*.test.ts' },
  ],
  // The kit's development warnings are expected in most tests (fixtures are bare buttons); the tests that
  // are about them capture them. Lit's own development-mode notice is noise too.
  filterBrowserLogs: ({ args }) => !/^(\[franceconnect-kit\]|Lit is in dev mode)/.test(String(args[0])),
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
};
