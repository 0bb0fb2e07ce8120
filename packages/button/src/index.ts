// Every element of the kit, defined. For one element only, import its own module instead
// (e.g. `@franceconnect-kit/button/franceconnect-button.js`).
export * from './franceconnect-button.js';
export * from './franceconnect-login.js';
export * from './franceconnect-user.js';
export * from './franceconnect-profile-form.js';
export * from './franceconnect-step-up.js';
export * from './franceconnect-passkeys.js';
