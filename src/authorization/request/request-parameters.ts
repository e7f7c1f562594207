import { readResourceParameter, RESOURCE_PARAMETER } from '../../token/resources/resource-parameter';

/** The parameters as a pushed request keeps them: strings, and the list of resource indicators. */
export type ParameterRecord = Record<string, string | string[]>;

/**
 * The raw parameters of an authorization request, from the query (GET) or the form body (POST,
 * OIDC Core §3.1.2.1). RFC 6749 §3.1: an empty value counts as absent, and no parameter may be
 * given more than once, except `resource` (RFC 8707 §2).
 */
export class RequestParameters {
  private readonly values = new Map<string, string>();
  /** `resource` as sent: one string, or several (RFC 8707 §2); read by resources(). */
  private readonly resource: unknown;
  /** Names given more than once, or with a value that is not a string (a JSON body). */
  readonly malformed: string[] = [];

  constructor(source: unknown) {
    if (typeof source !== 'object' || source === null) return;
    for (const [name, value] of Object.entries(source)) {
      if (name === RESOURCE_PARAMETER) {
        this.resource = value;
      } else if (typeof value === 'string') {
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

  /** RFC 8707 §2: the resource indicators, each an absolute URI without a fragment (else invalid_target). */
  resources(): string[] {
    return readResourceParameter(this.resource);
  }

  /** The well-formed parameters as a plain object (what a pushed request keeps). */
  toRecord(): ParameterRecord {
    const record: ParameterRecord = Object.fromEntries(this.values);
    const resources = this.resources();
    if (resources.length > 0) record[RESOURCE_PARAMETER] = resources.length === 1 ? resources[0] : resources;
    return record;
  }
}
