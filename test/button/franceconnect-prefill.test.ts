import { expect, fixture, html } from '@open-wc/testing';
import '@franceconnect-kit/button/franceconnect-button.js';
import '@franceconnect-kit/button/franceconnect-prefill.js';
import type {
  FranceConnectPrefill,
  FranceConnectPrefillEvent,
} from '@franceconnect-kit/button/franceconnect-prefill.js';
import { partsOf, textOf } from './helpers.js';

// <franceconnect-prefill>: fills the form from /api/data's answer (served here as static files with the
// BFF's response shape; the end-to-end test runs it against the real BFF), announces it, never
// overwrites what the person typed without asking, shows the provider's failure next to the button,
// and keeps what was typed across the trip to FranceConnect.

const RETRIEVED = '/test/button/fixtures/data-retrieved.json';
/** /api/data with several APIs: two retrieved (the student status, the C2S…), two failed. */
const APIS = '/test/button/fixtures/data-apis.json';
const FAILED = '/test/button/fixtures/data-failed.json';
const NOTHING = '/test/button/fixtures/no-such-file.json';
const SENTENCE =
  'FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion à vos services en ligne.';

async function form(src: string, quotient = ''): Promise<FranceConnectPrefill> {
  const element = await fixture<FranceConnectPrefill>(html`
    <franceconnect-prefill src=${src} scopes="cnaf_quotient_familial">
      <form>
        <p>${SENTENCE}</p>
        <franceconnect-button variant="data"></franceconnect-button>
        <p>
          <label for="qf">Quotient familial</label>
          <input
            id="qf"
            name="qf"
            inputmode="numeric"
            data-prefill="quotient_familial.valeur"
            .value=${quotient}
          />
        </p>
        <p>
          <label for="ville">Code postal et ville</label>
          <input id="ville" name="ville" data-prefill="adresse.code_postal_ville" />
        </p>
        <p>
          <label for="ecole">École</label>
          <select id="ecole" name="ecole" data-prefill="quotient_familial.annee">
            <option value="">Choisir</option>
            <option>Jules-Ferry</option>
          </select>
        </p>
        <p><label for="enfant">Prénom de l’enfant</label> <input id="enfant" name="enfant" /></p>
        <p><label for="secret">Code</label> <input id="secret" name="secret" type="password" /></p>
      </form>
    </franceconnect-prefill>
  `);
  await element.refresh();
  return element;
}

const field = (element: Element, id: string) =>
  element.querySelector<HTMLInputElement>(`#${id}`) as HTMLInputElement;
const status = (element: Element) => element.querySelector('[role="status"]') as HTMLElement;
const error = (element: Element) => element.querySelector<HTMLElement>('[role="alert"]');

describe('<franceconnect-prefill>', () => {
  afterEach(() => sessionStorage.clear());

  it('fills the empty fields named by data-prefill, as if typed, and announces it', async () => {
    const seen: string[] = [];
    // Listening from the start: the element reads /api/data as soon as it is connected.
    let announced: (event: FranceConnectPrefillEvent) => void = () => {};
    const prefilled = new Promise<FranceConnectPrefillEvent>((resolve) => (announced = resolve));
    const element = await fixture<FranceConnectPrefill>(html`
      <franceconnect-prefill
        src=${RETRIEVED}
        @franceconnect-prefill=${(event: FranceConnectPrefillEvent) => announced(event)}
      >
        <label for="qf">Quotient familial</label>
        <input
          id="qf"
          name="qf"
          data-prefill="quotient_familial.valeur"
          @input=${() => seen.push('input')}
          @change=${() => seen.push('change')}
        />
        <label for="ville">Ville</label>
        <input id="ville" name="ville" data-prefill="adresse.code_postal_ville" />
        <label for="absent">Absent</label>
        <input id="absent" name="absent" data-prefill="enfants.0.prenoms" />
      </franceconnect-prefill>
    `);
    const event = await prefilled;
    expect(event.detail).to.deep.equal({
      filled: ['qf', 'ville'],
      conflicts: [],
      failure: null,
      failures: [],
    });
    expect(field(element, 'qf').value).to.equal('812');
    expect(field(element, 'ville').value).to.equal('75012 PARIS');
    expect(field(element, 'absent').value).to.equal('');
    expect(seen).to.deep.equal(['input', 'change']);
    expect(textOf(status(element))).to.equal(
      'Informations récupérées avec FranceConnect et renseignées : Quotient familial, Ville. Vérifiez-les avant d’envoyer le formulaire.',
    );
  });

  it('puts the announcement and the error right after the data button', async () => {
    const element = await form(FAILED);
    const button = element.querySelector('franceconnect-button') as HTMLElement;
    expect(button.nextElementSibling).to.equal(status(element));
    expect(status(element).nextElementSibling).to.equal(error(element));
    await expect(element).to.be.accessible();
  });

  it('fills a select only with one of its options', async () => {
    const element = await form(RETRIEVED);
    // 2026 is not an option of the school list: the select stays as it was.
    expect(element.querySelector<HTMLSelectElement>('#ecole')?.value).to.equal('');
    expect(field(element, 'qf').value).to.equal('812');
  });

  it('never overwrites what the person typed: it shows both values and lets them choose', async () => {
    const element = await form(RETRIEVED, '700');
    const qf = field(element, 'qf');
    expect(qf.value).to.equal('700');
    const choice = element.querySelector('[data-prefill-choice="qf"]') as HTMLElement;
    expect(choice.getAttribute('role')).to.equal('group');
    expect(textOf(choice.querySelector('p') as HTMLElement)).to.equal(
      'Quotient familial : vous avez saisi « 700 », la valeur transmise avec FranceConnect est « 812 ».',
    );
    expect(qf.getAttribute('aria-describedby')).to.equal(choice.querySelector('p')?.id);
    expect(textOf(status(element))).to.match(
      /Une valeur transmise diffère de votre saisie : choisissez celle à garder\.$/,
    );
    await expect(element).to.be.accessible();

    const [use, keep] = [...choice.querySelectorAll('button')];
    expect(textOf(use as HTMLElement)).to.equal('Utiliser la valeur transmise (812)');
    expect(textOf(keep as HTMLElement)).to.equal('Garder ma saisie (700)');
    keep?.click();
    expect(qf.value).to.equal('700');
    expect(element.querySelector('[data-prefill-choice]')).to.equal(null);
    expect(qf.hasAttribute('aria-describedby')).to.equal(false);
    expect(document.activeElement).to.equal(qf);
    expect(textOf(status(element))).to.equal('Quotient familial : votre saisie est conservée.');

    await element.refresh();
    (element.querySelector('[data-prefill-choice="qf"] button') as HTMLButtonElement).click();
    expect(qf.value).to.equal('812');
    expect(textOf(status(element))).to.equal(
      'Quotient familial : la valeur transmise avec FranceConnect est utilisée.',
    );
  });

  it('shows the provider’s failure next to the button, and fills nothing', async () => {
    const element = await form(FAILED);
    const alert = error(element);
    expect(alert?.hidden).to.equal(false);
    expect(textOf(alert as HTMLElement)).to.equal(
      'Aucun dossier à votre nom n’a été trouvé chez le fournisseur de données. Remplissez le formulaire vous-même.',
    );
    expect(field(element, 'qf').value).to.equal('');
    expect(textOf(status(element))).to.equal('');
  });

  it('does nothing when nothing was retrieved, the person signed out (204), or the source fails (404)', async () => {
    const element = await form(NOTHING);
    expect(await element.refresh()).to.equal(undefined);
    expect(field(element, 'qf').value).to.equal('');
    expect(textOf(status(element))).to.equal('');
    expect(error(element)).to.equal(null);
  });

  it('points a data button without href at /auth/data with the scopes and this page as returnTo', async () => {
    const element = await form(NOTHING);
    const button = element.querySelector('franceconnect-button') as HTMLElement;
    const href = new URL(button.getAttribute('href') ?? '', location.href);
    expect(href.pathname).to.equal('/auth/data');
    expect(href.searchParams.get('scopes')).to.equal('cnaf_quotient_familial');
    expect(href.searchParams.get('returnTo')).to.equal(`${location.pathname}${location.search}`);

    const own = await fixture<FranceConnectPrefill>(html`
      <franceconnect-prefill src=${NOTHING}>
        <franceconnect-button variant="data" href="/mes-donnees"></franceconnect-button>
      </franceconnect-prefill>
    `);
    expect(own.querySelector('franceconnect-button')?.getAttribute('href')).to.equal('/mes-donnees');
  });

  it('keeps what was typed across the trip to FranceConnect, once, passwords excepted', async () => {
    const element = await form(NOTHING);
    field(element, 'qf').value = '640';
    field(element, 'enfant').value = 'Léa';
    field(element, 'secret').value = '1234';
    // The button fires franceconnect-click before navigating; the page stops the navigation here.
    const stop = (event: Event) => event.preventDefault();
    document.addEventListener('franceconnect-click', stop);
    const button = element.querySelector('franceconnect-button') as HTMLElement;
    await (button as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    partsOf(button).control.click();
    document.removeEventListener('franceconnect-click', stop);
    expect(sessionStorage.getItem(`franceconnect-prefill:${location.pathname}`)).to.include('Léa');
    expect(sessionStorage.getItem(`franceconnect-prefill:${location.pathname}`)).not.to.include('1234');

    // Back from FranceConnect: the same page again, with the family quotient retrieved.
    const back = await form(RETRIEVED);
    expect(field(back, 'enfant').value).to.equal('Léa');
    expect(field(back, 'secret').value).to.equal('');
    // What they typed is theirs: the transmitted value is offered, not imposed.
    expect(field(back, 'qf').value).to.equal('640');
    expect(back.querySelector('[data-prefill-choice="qf"]')).not.to.equal(null);
    expect(sessionStorage.getItem(`franceconnect-prefill:${location.pathname}`)).to.equal(null);

    const again = await form(NOTHING);
    expect(field(again, 'enfant').value).to.equal('', 'restored once only');
  });

  it('uses the page’s own status and error elements when it has them', async () => {
    const element = await fixture<FranceConnectPrefill>(html`
      <franceconnect-prefill src=${FAILED}>
        <div id="mine" data-prefill-error></div>
        <p id="said" data-prefill-status role="status"></p>
        <label for="qf">Quotient familial</label>
        <input id="qf" name="qf" data-prefill="quotient_familial.valeur" />
      </franceconnect-prefill>
    `);
    await element.refresh();
    const mine = element.querySelector('#mine') as HTMLElement;
    expect(mine.getAttribute('role')).to.equal('alert');
    expect(textOf(mine)).to.match(/^Aucun dossier à votre nom/);
    expect(element.querySelectorAll('[role="status"]').length).to.equal(1);
  });
});

describe('<franceconnect-prefill> with several APIs (`apis`)', () => {
  afterEach(() => sessionStorage.clear());

  /** A form with one field of each kind, each named by `<api>.<path>`. */
  async function student(
    apis = 'statut_etudiant statut_etudiant_boursier complementaire_sante_solidaire quotient_familial',
  ) {
    const changes: string[] = [];
    // Listening from the start: the element reads /api/data as soon as it is connected.
    let applied: (detail: FranceConnectPrefillEvent['detail']) => void = () => {};
    const first = new Promise<FranceConnectPrefillEvent['detail']>((resolve) => (applied = resolve));
    const element = await fixture<FranceConnectPrefill>(html`
      <franceconnect-prefill
        src=${APIS}
        apis=${apis}
        @change=${(event: Event) => changes.push((event.target as HTMLInputElement).name)}
        @franceconnect-prefill=${(event: FranceConnectPrefillEvent) => applied(event.detail)}
      >
        <form>
          <p>${SENTENCE}</p>
          <franceconnect-button variant="data"></franceconnect-button>
          <p>
            <label for="etablissement">Établissement</label>
            <input
              id="etablissement"
              name="etablissement"
              data-prefill="statut_etudiant.admissions.0.etablissement_etudes.nom"
            />
          </p>
          <fieldset>
            <legend>Inscrit cette année</legend>
            <input
              type="radio"
              id="inscrit-oui"
              name="inscrit"
              value="true"
              data-prefill="statut_etudiant.admissions.0.est_inscrit"
            />
            <label for="inscrit-oui">Oui</label>
            <input
              type="radio"
              id="inscrit-non"
              name="inscrit"
              value="false"
              data-prefill="statut_etudiant.admissions.0.est_inscrit"
            />
            <label for="inscrit-non">Non</label>
          </fieldset>
          <p>
            <input
              type="checkbox"
              id="c2s"
              name="c2s"
              data-prefill="complementaire_sante_solidaire.est_beneficiaire"
            />
            <label for="c2s">Bénéficiaire de la C2S</label>
          </p>
          <p>
            <input
              type="checkbox"
              id="participation"
              name="participation"
              checked
              data-prefill="complementaire_sante_solidaire.avec_participation"
            />
            <label for="participation">Avec participation</label>
          </p>
          <p>
            <label for="depuis">Droits ouverts depuis</label>
            <input
              type="date"
              id="depuis"
              name="depuis"
              data-prefill="complementaire_sante_solidaire.date_debut_droit"
            />
          </p>
          <p>
            <label for="qf">Quotient familial</label>
            <input
              type="number"
              id="qf"
              name="qf"
              data-prefill="quotient_familial.quotient_familial.valeur"
            />
          </p>
          <p>
            <label for="caisse">Caisse</label>
            <select id="caisse" name="caisse" data-prefill="quotient_familial.quotient_familial.fournisseur">
              <option value="">Choisir</option>
              <option value="CNAF">CAF</option>
              <option value="MSA">MSA</option>
            </select>
          </p>
          <p>
            <label for="voie">Adresse</label>
            <textarea
              id="voie"
              name="voie"
              data-prefill="quotient_familial.adresse.numero_libelle_voie"
            ></textarea>
          </p>
          <p>
            <label for="echelon">Échelon</label>
            <input
              id="echelon"
              name="echelon"
              data-prefill="statut_etudiant_boursier.echelon_bourse.echelon"
            />
          </p>
        </form>
      </franceconnect-prefill>
    `);
    const detail = await first;
    return { element, detail, changes };
  }

  const input = (element: Element, id: string) => element.querySelector(`#${id}`) as HTMLInputElement;

  it('fills each kind of field from its API’s data: text, radio buttons, checkbox, date, number, select, textarea', async () => {
    const { element, detail, changes } = await student();
    expect(input(element, 'etablissement').value).to.equal('UNIVERSITE DE RENNES');
    expect(input(element, 'inscrit-oui').checked).to.be.true;
    expect(input(element, 'inscrit-non').checked).to.be.false;
    expect(input(element, 'c2s').checked).to.be.true;
    expect(input(element, 'depuis').value).to.equal('2026-03-01');
    expect(input(element, 'depuis').valueAsDate?.toISOString().slice(0, 10)).to.equal('2026-03-01');
    expect(input(element, 'qf').valueAsNumber).to.equal(410);
    expect((element.querySelector('#caisse') as HTMLSelectElement).value).to.equal('MSA');
    expect((element.querySelector('#voie') as HTMLTextAreaElement).value).to.equal(
      '8 AVENUE DE LA CAPELETTE',
    );
    expect(input(element, 'echelon').value).to.equal('', 'its API failed');
    expect(detail?.filled).to.deep.equal([
      'etablissement',
      'inscrit',
      'c2s',
      'depuis',
      'qf',
      'caisse',
      'voie',
    ]);
    expect(changes).to.deep.equal(['etablissement', 'inscrit', 'c2s', 'depuis', 'qf', 'caisse', 'voie']);
    // The person had ticked « Avec participation »; the C2S says without: they choose.
    expect(input(element, 'participation').checked).to.be.true;
    expect(detail?.conflicts).to.deep.equal(['participation']);
    const choice = element.querySelector('[data-prefill-choice="participation"]') as HTMLElement;
    expect(textOf(choice)).to.include(
      'vous avez saisi « oui », la valeur transmise avec FranceConnect est « non »',
    );
    (choice.querySelector('button') as HTMLButtonElement).click();
    expect(input(element, 'participation').checked).to.be.false;
  });

  it('names each API that failed, next to the others’ data, and only the APIs of this form', async () => {
    const { element, detail } = await student('statut_etudiant statut_etudiant_boursier');
    expect(textOf(error(element) as HTMLElement)).to.equal(
      'Statut étudiant boursier : Aucun dossier à votre nom n’a été trouvé chez le fournisseur de données. Remplissez le formulaire vous-même.',
    );
    expect(error(element)?.hidden).to.be.false;
    expect(detail?.failures).to.deep.equal([
      {
        api: 'statut_etudiant_boursier',
        label: 'Statut étudiant boursier',
        code: 'not_found',
        message:
          'Aucun dossier à votre nom n’a été trouvé chez le fournisseur de données. Remplissez le formulaire vous-même.',
      },
    ]);
    expect(input(element, 'etablissement').value).to.equal('UNIVERSITE DE RENNES');
    // Every API's failure when the form names none.
    const all = await student('');
    expect(textOf(error(all.element) as HTMLElement)).to.include('Statut service national : Le fournisseur');
  });

  it('asks before changing a radio button the person chose, naming the choices by their labels', async () => {
    const element = await fixture<FranceConnectPrefill>(html`
      <franceconnect-prefill src=${APIS} apis="statut_etudiant">
        <fieldset>
          <legend>Inscrit cette année</legend>
          <input
            type="radio"
            id="oui"
            name="inscrit"
            value="true"
            data-prefill="statut_etudiant.admissions.0.est_inscrit"
          />
          <label for="oui">Oui</label>
          <input
            type="radio"
            id="non"
            name="inscrit"
            value="false"
            checked
            data-prefill="statut_etudiant.admissions.0.est_inscrit"
          />
          <label for="non">Non</label>
        </fieldset>
      </franceconnect-prefill>
    `);
    const detail = await element.refresh();
    expect(detail?.conflicts).to.deep.equal(['inscrit']);
    expect(input(element, 'non').checked).to.be.true;
    const choice = element.querySelector('[data-prefill-choice="inscrit"]') as HTMLElement;
    expect(textOf(choice)).to.include(
      'vous avez saisi « Non », la valeur transmise avec FranceConnect est « Oui »',
    );
    const use = [...choice.querySelectorAll('button')].find(
      (button) => textOf(button) === 'Utiliser la valeur transmise (Oui)',
    );
    use?.click();
    expect(input(element, 'oui').checked).to.be.true;
    expect(input(element, 'non').checked).to.be.false;
  });

  it('points a data button without href at /auth/data with the APIs', async () => {
    const { element } = await student('statut_etudiant statut_etudiant_boursier');
    const button = element.querySelector('franceconnect-button') as HTMLElement;
    const href = new URL(button.getAttribute('href') ?? '', location.href);
    expect(href.pathname).to.equal('/auth/data');
    expect(href.searchParams.get('apis')).to.equal('statut_etudiant statut_etudiant_boursier');
    expect(href.searchParams.get('scopes')).to.equal(null);
  });

  it('puts back what was typed over a field’s default value after the trip to FranceConnect', async () => {
    const page = () =>
      fixture<FranceConnectPrefill>(html`
        <franceconnect-prefill src=${NOTHING} apis="quotient_familial">
          <franceconnect-button variant="data"></franceconnect-button>
          <label for="jours">Nombre de journées</label>
          <input id="jours" name="jours" value="5" />
          <label for="periode">Période</label>
          <select id="periode" name="periode">
            <option value="ete" selected>Été</option>
            <option value="hiver">Hiver</option>
          </select>
        </franceconnect-prefill>
      `);
    const element = await page();
    input(element, 'jours').value = '4';
    (element.querySelector('#periode') as HTMLSelectElement).value = 'hiver';
    const stop = (event: Event) => event.preventDefault();
    document.addEventListener('franceconnect-click', stop);
    const button = element.querySelector('franceconnect-button') as HTMLElement & {
      updateComplete: Promise<unknown>;
    };
    await button.updateComplete;
    partsOf(button).control.click();
    document.removeEventListener('franceconnect-click', stop);

    const back = await page();
    expect(input(back, 'jours').value).to.equal('4');
    expect((back.querySelector('#periode') as HTMLSelectElement).value).to.equal('hiver');
  });

  it('still reads a path in the merged data, for pages written before `apis`', async () => {
    const element = await fixture<FranceConnectPrefill>(html`
      <franceconnect-prefill src=${APIS}>
        <label for="qf">Quotient familial</label>
        <input id="qf" name="qf" data-prefill="quotient_familial.valeur" />
      </franceconnect-prefill>
    `);
    await element.refresh();
    expect(input(element, 'qf').value).to.equal('410');
  });
});
