/**
 * Registers a custom element unless its tag is already taken: a CMS page may include the script twice, or
 * the CDN bundle next to the npm package, and `customElements.define` throws on a second definition.
 */
export function define(tag: string, constructor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (!existing) customElements.define(tag, constructor);
  else if (__DEV__ && existing !== constructor) {
    console.warn(
      `[franceconnect-kit] <${tag}> is already defined by another copy of @franceconnect-kit/button; ` +
        'this copy is ignored. Load the elements once (either the CDN bundle or the npm package).',
    );
  }
}
