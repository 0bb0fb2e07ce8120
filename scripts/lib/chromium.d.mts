/** The Chromium executable: `CHROME_PATH`, else `/usr/bin/chromium`, else the usual Chrome places. */
export function chromiumPath(): string;
/** Flags for a headless Chromium on a closed network; `--no-sandbox` only when running as root. */
export function chromiumArgs(): string[];
