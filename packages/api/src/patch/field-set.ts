/** Sets of field paths as server-side apply keeps them, and their `FieldsV1` encoding (`f:`, `k:`, `v:`, `i:`, `.`). */
import { isPlainObject } from './deep.js';

/**
 * One step of a path, as its `FieldsV1` token: `f:<field>`, `k:<json of the key fields>` (a keyed
 * list item), `v:<json value>` (a set item) or `i:<index>`.
 */
export type PathToken = string;

/** A node of a set: whether the path to it is a member, and the paths below it. */
export interface FieldSet {
  member: boolean;
  children: Map<PathToken, FieldSet>;
}

export function emptySet(): FieldSet {
  return { member: false, children: new Map() };
}

export function fieldToken(name: string): PathToken {
  return `f:${name}`;
}

/** The token of a keyed list item; key fields in name order, as Kubernetes writes them. */
export function keyToken(key: Record<string, unknown>): PathToken {
  const sorted: Record<string, unknown> = {};
  for (const name of Object.keys(key).sort()) sorted[name] = key[name];
  return `k:${JSON.stringify(sorted)}`;
}

export function valueToken(value: unknown): PathToken {
  return `v:${JSON.stringify(value)}`;
}

export function indexToken(index: number): PathToken {
  return `i:${index}`;
}

/** The node at `path`, created on the way when `create` is set. */
export function nodeAt(set: FieldSet, path: readonly PathToken[], create: true): FieldSet;
export function nodeAt(set: FieldSet, path: readonly PathToken[], create?: boolean): FieldSet | undefined;
export function nodeAt(set: FieldSet, path: readonly PathToken[], create = false): FieldSet | undefined {
  let node = set;
  for (const token of path) {
    let next = node.children.get(token);
    if (!next) {
      if (!create) return undefined;
      next = emptySet();
      node.children.set(token, next);
    }
    node = next;
  }
  return node;
}

export function insert(set: FieldSet, path: readonly PathToken[]): void {
  nodeAt(set, path, true).member = true;
}

export function has(set: FieldSet, path: readonly PathToken[]): boolean {
  return nodeAt(set, path)?.member ?? false;
}

/** True when `path` or any path below it is a member. */
export function hasAtOrBelow(set: FieldSet, path: readonly PathToken[]): boolean {
  const node = nodeAt(set, path);
  return node !== undefined && !isEmpty(node);
}

export function isEmpty(set: FieldSet): boolean {
  if (set.member) return false;
  for (const child of set.children.values()) if (!isEmpty(child)) return false;
  return true;
}

/** Every member path, in the set's sorted order. */
export function members(set: FieldSet): PathToken[][] {
  const out: PathToken[][] = [];
  const walk = (node: FieldSet, path: PathToken[]): void => {
    if (node.member && path.length > 0) out.push(path);
    for (const token of sortedTokens(node)) walk(node.children.get(token)!, [...path, token]);
  };
  walk(set, []);
  return out;
}

export function union(a: FieldSet, b: FieldSet): FieldSet {
  const out = copy(a);
  for (const path of members(b)) insert(out, path);
  return out;
}

/** Members of `a` that are not members of `b` (exact paths; nothing below is implied). */
export function difference(a: FieldSet, b: FieldSet): FieldSet {
  const out = emptySet();
  for (const path of members(a)) if (!has(b, path)) insert(out, path);
  return out;
}

export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  const out = emptySet();
  for (const path of members(a)) if (has(b, path)) insert(out, path);
  return out;
}

export function copy(set: FieldSet): FieldSet {
  const out = emptySet();
  for (const path of members(set)) insert(out, path);
  return out;
}

/** Tokens in Kubernetes' order: fields, then keyed items, then values, then indexes; each sorted within. */
function sortedTokens(node: FieldSet): PathToken[] {
  return [...node.children.keys()].sort(compareTokens);
}

const KIND_ORDER: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

export function compareTokens(a: PathToken, b: PathToken): number {
  const ka = KIND_ORDER[a[0] ?? ''] ?? 4;
  const kb = KIND_ORDER[b[0] ?? ''] ?? 4;
  if (ka !== kb) return ka - kb;
  const ra = a.slice(2);
  const rb = b.slice(2);
  switch (a[0]) {
    case 'f':
      return ra < rb ? -1 : ra > rb ? 1 : 0;
    case 'i':
      return Number(ra) - Number(rb);
    case 'k':
      return compareKeys(JSON.parse(ra) as Record<string, unknown>, JSON.parse(rb) as Record<string, unknown>);
    default:
      return compareValues(JSON.parse(ra) as unknown, JSON.parse(rb) as unknown);
  }
}

function compareKeys(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const na = Object.keys(a).sort();
  const nb = Object.keys(b).sort();
  for (let i = 0; i < Math.min(na.length, nb.length); i++) {
    const x = na[i]!;
    const y = nb[i]!;
    if (x !== y) return x < y ? -1 : 1;
    const c = compareValues(a[x], b[y]);
    if (c !== 0) return c;
  }
  return na.length - nb.length;
}

/** Total order of values: numbers, then strings, then booleans, then lists, then maps, then null. */
function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown): number =>
    typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : Array.isArray(v) ? 3 : isPlainObject(v) ? 4 : 5;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' || typeof a === 'string' || typeof a === 'boolean') {
    const bb = b as typeof a;
    return a < bb ? -1 : a > bb ? 1 : 0;
  }
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** A `FieldsV1` object for the set (`.` first, then children in sorted order). */
export function toFieldsV1(set: FieldSet): Record<string, unknown> {
  const encode = (node: FieldSet, top: boolean): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const tokens = sortedTokens(node).filter((token) => !isEmpty(node.children.get(token)!));
    if (node.member && !top && tokens.length > 0) out['.'] = {};
    for (const token of tokens) out[token] = encode(node.children.get(token)!, false);
    return out;
  };
  return encode(set, true);
}

/** The set a `FieldsV1` object encodes; anything malformed is ignored. */
export function fromFieldsV1(fields: unknown): FieldSet {
  const decode = (value: unknown, top: boolean): FieldSet => {
    const node = emptySet();
    if (!isPlainObject(value)) return node;
    const keys = Object.keys(value);
    if (!top && (keys.length === 0 || keys.includes('.'))) node.member = true;
    for (const key of keys) if (key !== '.') node.children.set(key, decode(value[key], false));
    return node;
  };
  return decode(fields, true);
}

/** A path as Kubernetes prints it in conflict messages: `.spec.containers[name="web"].image`. */
export function pathString(path: readonly PathToken[]): string {
  return path
    .map((token) => {
      const rest = token.slice(2);
      switch (token[0]) {
        case 'f':
          return `.${rest}`;
        case 'k': {
          const key = JSON.parse(rest) as Record<string, unknown>;
          return `[${Object.keys(key)
            .map((name) => `${name}=${valueString(key[name])}`)
            .join(',')}]`;
        }
        case 'v':
          return `[=${valueString(JSON.parse(rest))}]`;
        default:
          return `[${rest}]`;
      }
    })
    .join('');
}

function valueString(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(valueString).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .map((name) => `${name}=${valueString(value[name])}`)
      .join(';')}}`;
  }
  return String(value);
}
