/**
 * A minimal browser for HTTP tests: fetch with a cookie jar (name → value; every server here is on
 * 127.0.0.1, where cookies ignore ports), redirects followed by hand so each hop can be inspected.
 */
export class CookieAgent {
  readonly cookies = new Map<string, string>();
  /** The raw Set-Cookie headers received, latest last. */
  readonly setCookies: string[] = [];

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has('cookie')) {
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', val = ''] = attribute.split('=').map((part) => part.trim());
        return (
          (key.toLowerCase() === 'max-age' && Number(val) <= 0) ||
          (key.toLowerCase() === 'expires' && Date.parse(val) < Date.now())
        );
      });
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects (GET) until a non-redirect answer; returns it with every URL visited. */
  async follow(
    url: string | URL,
    init: RequestInit = {},
    max = 20,
  ): Promise<{ response: Response; urls: string[] }> {
    const urls = [String(url)];
    let response = await this.fetch(url, init);
    while (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
      if (urls.length > max) throw new Error(`too many redirects: ${urls.join(' → ')}`);
      await response.body?.cancel();
      const next = new URL(response.headers.get('location') ?? '', urls.at(-1)).href;
      urls.push(next);
      response = await this.fetch(next);
    }
    return { response, urls };
  }

  clone(): CookieAgent {
    const copy = new CookieAgent();
    for (const [name, value] of this.cookies) copy.cookies.set(name, value);
    return copy;
  }
}
