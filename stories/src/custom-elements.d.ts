// `npm run build` generates the manifest (git-ignored), so it does not exist yet when `tsc -b` runs first.
declare module '@franceconnect-kit/button/custom-elements.json' {
  const manifest: { readonly modules: readonly object[] };
  export default manifest;
}
