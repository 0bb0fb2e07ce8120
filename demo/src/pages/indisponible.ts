// The BFF's `pages.unavailable` (served with a 503 status by demo/server.ts): FranceConnect cannot be
// reached (`?reason=franceconnect_unavailable`), or the service's own storage
// (`?reason=service_unavailable`).
import { reason, showReason } from '../reason.js';
import { showState } from '../site.js';

showState(reason() === 'service_unavailable' ? 'service' : 'franceconnect');
showReason(document.querySelector('[data-reason]'));
