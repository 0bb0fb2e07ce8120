/** The BFF's `NOTICES` (code → French text), bundled at build time by demo/build/notices-plugin.ts. */
declare module 'virtual:bff-notices' {
  export const NOTICES: Readonly<Record<string, string>>;
}
