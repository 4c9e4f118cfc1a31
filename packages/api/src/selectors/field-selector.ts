/** Field selectors (`metadata.name=x,status.phase!=Running`) with Kubernetes' backslash escaping and error messages. */
import { badRequest } from '../errors/status-error.js';

export type FieldOperator = '=' | '!=';

/** One term. `==` is recorded as `=`, as Kubernetes does. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  readonly value: string;
}

/** A parsed field selector: the AND of its terms. */
export interface FieldSelector {
  /** Terms in Kubernetes' order (sorted by their raw text). */
  readonly requirements: readonly FieldRequirement[];
  /** True when every term holds; a field missing from `fields` counts as `''`. */
  matches(fields: Record<string, string>): boolean;
  /** True when the selector restricts nothing. */
  isEmpty(): boolean;
  /** The value an `=` term pins `field` to, if any (lets a server look up one key, e.g. `metadata.name`). */
  exactMatch(field: string): string | undefined;
  /** Canonical text with values re-escaped. */
  toString(): string;
}

/** Escapes `\`, `,` and `=` in a value with a backslash. */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** Undoes escapeFieldValue; an unknown escape or a bare `,`/`=` is an error (Kubernetes' wording). */
export function unescapeFieldValue(value: string): string {
  if (!/[\\,=]/.test(value)) return value;
  let out = '';
  let inSlash = false;
  for (const c of value) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      // Kubernetes prints the rune as its number.
      throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Splits on commas that are not escaped; the escapes stay in the terms. */
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

/** `!=` is tried before `==` before `=`, at each position from the left; the field part has no escaping. */
const TERM_OPERATORS = ['!=', '==', '='] as const;

function splitTerm(term: string): { lhs: string; op: string; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

class TermsSelector implements FieldSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}

  matches(fields: Record<string, string>): boolean {
    return this.requirements.every((r) => ((fields[r.field] ?? '') === r.value) === (r.operator === '='));
  }

  isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  exactMatch(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator === '=')?.value;
  }

  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
  }
}

/** A selector of the given terms; none means everything. */
export function fieldSelectorOf(requirements: readonly FieldRequirement[]): FieldSelector {
  return new TermsSelector(requirements);
}

/**
 * Parses `a=b`, `a==b`, `a!=b` terms separated by commas; values may escape `\`, `,` and `=` with a backslash.
 * The empty string selects everything. Throws a 400 `StatusError` with Kubernetes' message.
 */
export function parseFieldSelector(selector: string): FieldSelector {
  const parts = splitTerms(selector).sort();
  const requirements: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    const value = unescapeFieldValue(split.rhs);
    // Kubernetes drops a term whose field and value are both empty (`=`).
    if (split.lhs === '' && value === '') continue;
    requirements.push({ field: split.lhs, operator: split.op === '!=' ? '!=' : '=', value });
  }
  return new TermsSelector(requirements);
}
