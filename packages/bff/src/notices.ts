import { ACCOUNT_NOTICES } from './accounts/notices.js';
import { DATA_NOTICES } from './data/failures.js';
import { SIGN_IN_NOTICES } from './routes/notices.js';
import { STEP_UP_NOTICES } from './step-up/pages.js';

/**
 * Every notice the BFF may send the browser home with (`?notice=<code>`), code → French text: a site's
 * home page shows the text of the code it finds in its URL.
 */
export const NOTICES = {
  ...SIGN_IN_NOTICES,
  ...ACCOUNT_NOTICES,
  ...STEP_UP_NOTICES,
  /** Data retrieval's outcomes, sent back to the form's page (`data-retrieved`, `data-not-found`…). */
  ...DATA_NOTICES,
} as const;

export type NoticeCode = keyof typeof NOTICES;

export function isNoticeCode(value: unknown): value is NoticeCode {
  return typeof value === 'string' && Object.hasOwn(NOTICES, value);
}
