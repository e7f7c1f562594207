import { invalidFilter } from './scim-error';

/**
 * The subset of RFC 7644 §3.4.2.2 filters this server evaluates: eq, co, sw, pr, and, or and
 * parentheses. Anything else (ne, gt, ew, not, value paths in brackets...) is refused with
 * scimType invalidFilter, rather than answered wrongly.
 */
export type ScimLogical = { op: 'and' | 'or'; left: ScimFilter; right: ScimFilter };
export type ScimComparison =
  | { op: 'eq' | 'co' | 'sw'; attribute: string; value: string | boolean | number | null }
  | { op: 'pr'; attribute: string };
export type ScimFilter = ScimLogical | ScimComparison;

export const isLogical = (filter: ScimFilter): filter is ScimLogical => filter.op === 'and' || filter.op === 'or';

type Token =
  | { kind: 'paren'; value: '(' | ')' }
  | { kind: 'word'; value: string }
  | { kind: 'value'; value: string | boolean | number | null };

const MAX_FILTER_LENGTH = 2048;
const ATTRIBUTE = /^[A-Za-z][\w$-]*(?::[\w.$-]+)*(?:\.[A-Za-z][\w$-]*)?$/;
const COMPARISONS = new Set(['eq', 'co', 'sw']);

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const c = filter[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: 'paren', value: c });
      i++;
    } else if (c === '"') {
      // A JSON string: its escapes are JSON's (RFC 7644 §3.4.2.2 compValue).
      let end = i + 1;
      while (end < filter.length && filter[end] !== '"') end += filter[end] === '\\' ? 2 : 1;
      if (end >= filter.length) throw invalidFilter('unterminated string in the filter');
      let value: string;
      try {
        value = JSON.parse(filter.slice(i, end + 1)) as string;
      } catch {
        throw invalidFilter('malformed string in the filter');
      }
      // An escaped NUL gets past the request's own NUL check, and Postgres refuses it in text.
      if (value.includes('\0')) throw invalidFilter('a NUL character in the filter');
      tokens.push({ kind: 'value', value });
      i = end + 1;
    } else {
      const match = /^[^\s()"]+/.exec(filter.slice(i))!;
      const word = match[0];
      if (word === 'true' || word === 'false') tokens.push({ kind: 'value', value: word === 'true' });
      else if (word === 'null') tokens.push({ kind: 'value', value: null });
      else if (/^-?\d+(\.\d+)?$/.test(word)) tokens.push({ kind: 'value', value: Number(word) });
      else tokens.push({ kind: 'word', value: word });
      i += word.length;
    }
  }
  return tokens;
}

/** Parses a filter; throws ScimError 400 invalidFilter for anything outside the supported subset. */
export function parseScimFilter(filter: string): ScimFilter {
  if (filter.length > MAX_FILTER_LENGTH) throw invalidFilter('the filter is too long');
  const tokens = tokenize(filter);
  let at = 0;
  const peekWord = () => {
    const t = tokens[at];
    return t?.kind === 'word' ? t.value.toLowerCase() : undefined;
  };

  const or = (depth: number): ScimFilter => {
    let left = and(depth);
    while (peekWord() === 'or') {
      at++;
      left = { op: 'or', left, right: and(depth) };
    }
    return left;
  };
  const and = (depth: number): ScimFilter => {
    let left = term(depth);
    while (peekWord() === 'and') {
      at++;
      left = { op: 'and', left, right: term(depth) };
    }
    return left;
  };
  const term = (depth: number): ScimFilter => {
    const t = tokens[at];
    if (!t) throw invalidFilter('the filter ends too early');
    if (t.kind === 'paren' && t.value === '(') {
      if (depth > 16) throw invalidFilter('the filter nests too deeply');
      at++;
      const inner = or(depth + 1);
      const close = tokens[at];
      if (close?.kind !== 'paren' || close.value !== ')') throw invalidFilter('a parenthesis is not closed');
      at++;
      return inner;
    }
    if (t.kind !== 'word' || !ATTRIBUTE.test(t.value)) throw invalidFilter('expected an attribute name');
    if (t.value.toLowerCase() === 'not') throw invalidFilter('the not operator is not supported');
    const attribute = t.value;
    at++;
    const operator = peekWord();
    if (operator === undefined) throw invalidFilter(`expected an operator after ${attribute}`);
    at++;
    if (operator === 'pr') return { op: 'pr', attribute };
    if (!COMPARISONS.has(operator)) throw invalidFilter(`the operator ${operator} is not supported (eq, co, sw, pr)`);
    const value = tokens[at];
    if (value?.kind !== 'value') throw invalidFilter(`expected a value after ${operator}`);
    at++;
    if ((operator === 'co' || operator === 'sw') && typeof value.value !== 'string')
      throw invalidFilter(`${operator} compares strings only`);
    return { op: operator as 'eq' | 'co' | 'sw', attribute, value: value.value };
  };

  const parsed = or(0);
  if (at !== tokens.length) throw invalidFilter('unexpected text after the filter');
  return parsed;
}
