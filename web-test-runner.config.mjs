// Component tests (test/button) in the system's Chromium, headless.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumPath } from './scripts/lib/chromium.mjs';

export default {
  files: 'test/button/**/*.test.ts',
  nodeResolve: { exportConditions: ['development', 'browser'] },
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'test/button/tsconfig.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromiumPath(), headless: true, args: chromiumArgs() },
    }),
  ],
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
};
