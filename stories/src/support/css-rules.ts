// Rewrites a stylesheet rule by rule, keeping the order of the rules (the cascade depends on it) and the
// at-rules (`@media`, `@supports`…) around the rules they contain.

/** The CSS text that stands for `rule`; `inner` rewrites the rules of a grouping rule the same way. */
export type RuleRewriter = (rule: CSSRule, inner: (rules: CSSRuleList) => string) => string;

/** Every rule of `rules` through `rewrite`, as CSS text. */
export function rewriteRules(rules: CSSRuleList, rewrite: RuleRewriter): string {
  const inner = (list: CSSRuleList): string => rewriteRules(list, rewrite);
  return Array.from(rules, (rule) => rewrite(rule, inner)).join('\n');
}

/** The rule unchanged, or for a grouping rule its prelude around its rewritten rules. */
export function keep(rule: CSSRule, inner: (rules: CSSRuleList) => string): string {
  if (rule instanceof CSSGroupingRule) return `${preludeOf(rule)} {\n${inner(rule.cssRules)}\n}`;
  return rule.cssText;
}

/** `@media (forced-colors: active)` for a media rule: the text before its block. */
export function preludeOf(rule: CSSGroupingRule): string {
  return rule.cssText.slice(0, rule.cssText.indexOf('{')).trim();
}
