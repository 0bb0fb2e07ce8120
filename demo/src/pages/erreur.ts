// The BFF's `pages.error`: any failed sign-in other than a cancellation. `?reason=` is the BFF's code
// (e.g. `franceconnect_error`), shown for the help desk; only a plain code is ever shown.
import { showReason } from '../reason.js';
import '../site.js';

showReason(document.querySelector('[data-reason]'));
