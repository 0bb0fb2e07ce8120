import { safeReturnTo } from '../return-to.js';

/** `returnTo` carried to the sign-up page, so that it can send the person on once signed up. */
export function signUpLocation(signUpPage: string, returnTo: string): string {
  const url = new URL(signUpPage, 'http://sign-up.invalid');
  // Checked again on the way out: it was kept in the attempt since the sign-in started.
  url.searchParams.set('returnTo', safeReturnTo(returnTo));
  return `${url.pathname}${url.search}${url.hash}`;
}
