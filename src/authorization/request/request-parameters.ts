/**
 * The raw parameters of an authorization request, from the query (GET) or the form body (POST,
 * OIDC Core §3.1.2.1). RFC 6749 §3.1: an empty value counts as absent, and no parameter may be
 * given more than once.
 */
export class RequestParameters {
  private readonly values = new Map<string, string>();
  /** Names given more than once, or with a value that is not a string (a JSON body). */
  readonly malformed: string[] = [];

  constructor(source: unknown) {
    if (typeof source !== 'object' || source === null) return;
    for (const [name, value] of Object.entries(source)) {
      if (typeof value === 'string') {
        if (value !== '') this.values.set(name, value);
      } else {
        this.malformed.push(name);
      }
    }
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  has(name: string): boolean {
    return this.values.has(name) || this.malformed.includes(name);
  }

  isMalformed(name: string): boolean {
    return this.malformed.includes(name);
  }

  /** The well-formed parameters as a plain object (what a pushed request keeps). */
  toRecord(): Record<string, string> {
    return Object.fromEntries(this.values);
  }
}
