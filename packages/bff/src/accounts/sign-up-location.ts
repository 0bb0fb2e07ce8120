/** `returnTo` carried to the sign-up page, so that it can send the person on once signed up. */
export function signUpLocation(signUpPage: string, returnTo: string): string {
  const url = new URL(signUpPage, 'http://sign-up.invalid');
  url.searchParams.set('returnTo', returnTo);
  return `${url.pathname}${url.search}${url.hash}`;
}
