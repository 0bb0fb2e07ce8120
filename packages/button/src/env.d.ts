/**
 * Replaced at build time: `true` in the development build (the `development` export condition), `false` in
 * the production build and the CDN bundles, where every `if (__DEV__)` branch is removed.
 */
declare const __DEV__: boolean;
