// Runs before the page is drawn: applies the theme chosen on this site (src/theme.ts) as
// `data-fr-theme` on <html>, which the site's CSS and the FranceConnect elements follow. Without a
// choice, both follow the system's colour scheme.
try {
  const theme = localStorage.getItem('demoville:theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.setAttribute('data-fr-theme', theme);
} catch {
  // Storage unavailable (privacy settings): the system's theme.
}
