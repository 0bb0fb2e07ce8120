// Development-only warnings. Only reached from `if (__DEV__)` branches, so production builds drop it.

const issued = new WeakMap<object, Set<string>>();

/** Warns once per element and topic, naming the element so it can be found in the devtools. */
export function warnOnce(element: Element, topic: string, message: string): void {
  let topics = issued.get(element);
  if (topics === undefined) {
    topics = new Set();
    issued.set(element, topics);
  }
  if (topics.has(topic)) return;
  topics.add(topic);
  console.warn(`[franceconnect-kit] <${element.localName}>: ${message}`, element);
}
