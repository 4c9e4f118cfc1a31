/** Label selectors: requirements, matching and the canonical string form, as Kubernetes' labels package has them. */

/** Kubernetes' selection operators, spelled as Kubernetes spells them. */
export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

/** One clause: `key op values`. `values` is empty for `exists` and `!` (does not exist). */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

/** A parsed label selector: the AND of its requirements. */
export interface LabelSelector {
  /** Requirements sorted by key, as Kubernetes keeps them. */
  readonly requirements: readonly LabelRequirement[];
  /** True when every requirement holds for `labels` (missing labels count as absent). */
  matches(labels: Record<string, string> | undefined): boolean;
  /** True when the selector restricts nothing (matches everything). The "nothing" selector is not empty. */
  isEmpty(): boolean;
  /** True only for the selector that matches no object (a null `spec.selector`). */
  matchesNothing(): boolean;
  /** The value `key` must have (`key=v`, `key==v` or `key in (v)`), if the selector pins one. */
  exactMatch(key: string): string | undefined;
  /** Canonical text, e.g. `app=web,tier in (back,front)`; `''` for everything and for nothing. */
  toString(): string;
}

function has(labels: Record<string, string> | undefined, key: string): boolean {
  return labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key);
}

/** Whether one requirement holds for a label set. */
export function requirementMatches(r: LabelRequirement, labels: Record<string, string> | undefined): boolean {
  const present = has(labels, r.key);
  const value = present ? labels![r.key]! : undefined;
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return present && r.values.includes(value!);
    case '!=':
    case 'notin':
      return !present || !r.values.includes(value!);
    case 'exists':
      return present;
    case '!':
      return !present;
    case 'gt':
    case 'lt': {
      if (!present || r.values.length !== 1 || !/^[+-]?[0-9]+$/.test(value!) || !/^[+-]?[0-9]+$/.test(r.values[0]!)) return false;
      const have = BigInt(value!);
      const want = BigInt(r.values[0]!);
      return r.operator === 'gt' ? have > want : have < want;
    }
  }
}

/** `key op values` the way Kubernetes prints it; set values are printed sorted. */
export function requirementToString(r: LabelRequirement): string {
  const values = r.values.length > 1 ? [...r.values].sort() : [...r.values];
  const joined = values.join(',');
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
      return `${r.key} in (${joined})`;
    case 'notin':
      return `${r.key} notin (${joined})`;
    case 'gt':
      return `${r.key}>${joined}`;
    case 'lt':
      return `${r.key}<${joined}`;
    default:
      return `${r.key}${r.operator}${joined}`;
  }
}

class RequirementsSelector implements LabelSelector {
  readonly requirements: readonly LabelRequirement[];

  constructor(requirements: readonly LabelRequirement[]) {
    this.requirements = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  matches(labels: Record<string, string> | undefined): boolean {
    return this.requirements.every((r) => requirementMatches(r, labels));
  }

  isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  matchesNothing(): boolean {
    return false;
  }

  exactMatch(key: string): string | undefined {
    const r = this.requirements.find((req) => req.key === key);
    if (!r || !['=', '==', 'in'].includes(r.operator) || r.values.length !== 1) return undefined;
    return r.values[0];
  }

  toString(): string {
    return this.requirements.map(requirementToString).join(',');
  }
}

const NOTHING: LabelSelector = Object.freeze({
  requirements: Object.freeze([]) as readonly LabelRequirement[],
  matches: () => false,
  isEmpty: () => false,
  matchesNothing: () => true,
  exactMatch: () => undefined,
  toString: () => '',
});

/** A selector of the given (already validated) requirements; none means everything. */
export function selectorOf(requirements: readonly LabelRequirement[]): LabelSelector {
  return new RequirementsSelector(requirements);
}

/** The selector that matches every object. */
export function everythingSelector(): LabelSelector {
  return new RequirementsSelector([]);
}

/** The selector that matches no object. */
export function nothingSelector(): LabelSelector {
  return NOTHING;
}

/** `app=web` for every entry of a label map (no validation); an empty map selects everything. */
export function selectorFromSet(set: Record<string, string> | undefined): LabelSelector {
  return new RequirementsSelector(Object.entries(set ?? {}).map(([key, value]) => ({ key, operator: '=', values: [value] })));
}
