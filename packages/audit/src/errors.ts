/** A bad option: the CLI prints the message on one line and exits with code 2. */
export class AuditOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditOptionsError';
  }
}

/** The audit could not run (no Chromium, a page that does not open): the CLI exits with code 3. */
export class AuditRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditRunError';
  }
}
