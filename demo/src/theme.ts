// The theme switch of the header: « Système », « Clair » or « Sombre ». The choice is kept in this
// browser and applied before the page is drawn by public/theme.js; here it changes at once, and the
// FranceConnect elements follow `data-fr-theme` live.

const KEY = 'demoville:theme';
type Choice = 'system' | 'light' | 'dark';

function stored(): Choice {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

function apply(choice: Choice): void {
  if (choice === 'system') document.documentElement.removeAttribute('data-fr-theme');
  else document.documentElement.setAttribute('data-fr-theme', choice);
}

export function setUpThemeSwitch(select: HTMLSelectElement | null): void {
  if (!select) return;
  select.value = stored();
  select.addEventListener('change', () => {
    const choice: Choice = select.value === 'light' || select.value === 'dark' ? select.value : 'system';
    apply(choice);
    try {
      if (choice === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, choice);
    } catch {
      // Not kept (storage unavailable): applied to this page only.
    }
  });
}
