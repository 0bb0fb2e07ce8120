import { defineConfig } from 'vite';
import { siteLayout } from './build/layout-plugin.js';
import { bffNotices } from './build/notices-plugin.js';

/** One HTML file per page; the server maps `/connexion` to `connexion.html`. */
const PAGES = [
  'index',
  'connexion',
  'inscription',
  'finaliser-inscription',
  'profil',
  'mes-aides',
  'tarif-etudiant',
  'accueil-loisirs',
  'coordonnees-bancaires',
  'verification',
  'connexion-annulee',
  'erreur',
  'indisponible',
  '404',
];

export default defineConfig({
  root: import.meta.dirname,
  plugins: [siteLayout(), bffNotices()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Browsers with `light-dark()`, so that the CSS keeps it and follows `data-fr-theme` as written.
    cssTarget: ['chrome123', 'edge123', 'firefox120', 'safari17.5'],
    rolldownOptions: {
      input: Object.fromEntries(PAGES.map((page) => [page, `${import.meta.dirname}/${page}.html`])),
    },
  },
});
