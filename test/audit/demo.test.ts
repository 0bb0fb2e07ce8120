import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { audit, type AuditResult } from '@franceconnect-kit/audit';
import { demoClient } from '@franceconnect-kit/mock-franceconnect';
import { launchChromium } from '../helpers/browser.js';
import { startKit, type Kit } from '../helpers/demo.js';

// The audit against the demo (« Mairie de Démoville », built with the kit) and the local FranceConnect,
// as `npm start` runs them: every point a browser can observe is conforme, journeys included.

describe('franceconnect-audit on the demo', () => {
  let kit: Kit;
  let browser: Browser;
  let result: AuditResult;

  before(async () => {
    [kit, browser] = await Promise.all([startKit(), launchChromium()]);
    result = await audit({
      login: `${kit.demo}/connexion`,
      signup: `${kit.demo}/inscription`,
      clientId: demoClient(kit.demo).client_id,
      identity: { login: 'test' },
      browser,
    });
  });

  after(async () => {
    await browser?.close();
    await kit?.stop();
  });

  it('every check is conforme, on both pages, in the authorization request and along the journeys', () => {
    const others = result.checks
      .filter((check) => check.verdict !== 'conforme')
      .map((check) => `${check.id}: ${check.verdict} — ${check.summary}`);
    assert.deepEqual(others, []);
    assert.equal(result.passed, true);
    for (const group of ['connexion', 'inscription', 'autorisation', 'parcours']) {
      assert.ok(result.checks.filter((check) => check.group === group).length >= 7, group);
    }
  });

  it('finds the kit’s button in its shadow root and measures it at 209 × 56, 8 px above its link', () => {
    const button = result.checks.find((check) => check.id === 'connexion.bouton');
    assert.match(button?.summary ?? '', /<franceconnect-button> du kit/);
    const size = result.checks.find((check) => check.id === 'connexion.taille');
    assert.equal(size?.evidence.find((item) => item.label === 'Taille mesurée')?.value, '209 × 56 px');
    const gap = result.checks.find((check) => check.id === 'connexion.ecart-lien');
    assert.match(gap?.summary ?? '', /à 8 px sous le bouton/);
  });

  it('sees the demo’s own dark theme and the journeys’ evidence', () => {
    const colours = result.checks.find((check) => check.id === 'connexion.couleurs');
    assert.match(
      colours?.evidence.find((item) => item.label === 'Thème sombre')?.value ?? '',
      /^fond #8585f6/,
    );
    const logout = result.checks.find((check) => check.id === 'parcours.deconnexion');
    assert.match(
      logout?.evidence.find((item) => item.label === 'Déconnexion chez FranceConnect')?.value ?? '',
      /\/api\/v2\/session\/end/,
    );
    const pivot = result.checks.find((check) => check.id === 'parcours.identite-pivot');
    assert.ok((pivot?.evidence.length ?? 0) >= 5, 'the pivot fields were read');
    assert.ok(result.screenshots.parcours, 'a picture of the profile');
  });
});
