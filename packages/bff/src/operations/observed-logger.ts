import type { Logger } from '../log.js';

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);

/**
 * The BFF's logger, also handing every structured event (`{ event: 'login.rejected', reason }`) to
 * `observe`, whatever the log level: metrics count what the logs already name, so that no route has to
 * know about metrics. Children (the per-request loggers) are observed too.
 */
export function observedLogger(
  logger: Logger,
  observe: (event: string, fields: Record<string, unknown>) => void,
): Logger {
  // The wrappers of the level methods, made once per logger rather than at every call.
  const levels = new Map<string, { method: unknown; wrapper: (...args: unknown[]) => unknown }>();
  return new Proxy(logger, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (typeof property === 'string') {
        const cached = levels.get(property);
        if (cached?.method === value) return cached.wrapper;
      }
      if (property === 'child') {
        // Custom levels in `options` would change the child's type; the BFF never asks for them.
        return (bindings: Record<string, unknown>, options?: { level?: string; redact?: string[] }) =>
          observedLogger(target.child(bindings, options), observe);
      }
      if (typeof property === 'string' && LEVELS.has(property)) {
        const wrapper = (...args: unknown[]) => {
          const [fields] = args;
          if (typeof fields === 'object' && fields !== null && 'event' in fields) {
            const record = fields as Record<string, unknown>;
            if (typeof record.event === 'string') observe(record.event, record);
          }
          return (value as (...rest: unknown[]) => unknown).apply(target, args);
        };
        levels.set(property, { method: value, wrapper });
        return wrapper;
      }
      return (value as (...rest: unknown[]) => unknown).bind(target);
    },
  });
}
