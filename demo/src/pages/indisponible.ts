// The BFF's `pages.unavailable` (served with a 503 status by demo/server.ts): FranceConnect cannot be
// reached (`?reason=franceconnect_unavailable`), or the service's own storage
// (`?reason=service_unavailable`).
import { reason, showReason } from '../reason.js';
import '../site.js';

if (reason() === 'service_unavailable') {
  const title = document.querySelector('[data-title]');
  const lead = document.querySelector('[data-lead]');
  if (title) title.textContent = 'Service momentanément indisponible';
  if (lead) lead.textContent = 'Le service ne répond pas pour le moment. Réessayez dans quelques instants.';
  document.title = 'Service momentanément indisponible - Mairie de Démoville';
}
showReason(document.querySelector('[data-reason]'));
