/** Node selector matching: nodeSelector maps and NodeSelectorTerms (matchExpressions over labels, matchFields over metadata.name). */
import type { Node, NodeSelectorRequirement, NodeSelectorTerm } from 'kubernetes-types/core/v1.js';

const INTEGER = /^[+-]?\d+$/;

/** One label requirement (In, NotIn, Exists, DoesNotExist, Gt, Lt); malformed ones match nothing. */
export function labelRequirementMatches(req: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = has ? labels[req.key]! : undefined;
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return values.length > 0 && has && values.includes(value!);
    case 'NotIn':
      return values.length > 0 && (!has || !values.includes(value!));
    case 'Exists':
      return values.length === 0 && has;
    case 'DoesNotExist':
      return values.length === 0 && !has;
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1 || !INTEGER.test(values[0]!) || !has || !INTEGER.test(value!)) return false;
      const label = BigInt(value!);
      const bound = BigInt(values[0]!);
      return req.operator === 'Gt' ? label > bound : label < bound;
    }
    default:
      return false;
  }
}

/** One field requirement: only metadata.name with In/NotIn is supported, as upstream. */
export function fieldRequirementMatches(req: NodeSelectorRequirement, node: Node): boolean {
  if (req.key !== 'metadata.name') return false;
  const name = node.metadata?.name ?? '';
  const values = req.values ?? [];
  if (req.operator === 'In') return values.length > 0 && values.includes(name);
  if (req.operator === 'NotIn') return values.length > 0 && !values.includes(name);
  return false;
}

/** A term matches when all its requirements do; a term with none matches nothing. */
export function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  return exprs.every((r) => labelRequirementMatches(r, labels)) && fields.every((r) => fieldRequirementMatches(r, node));
}

/** Terms are ORed: true when any matches (an empty list matches nothing). */
export function termsMatch(terms: readonly NodeSelectorTerm[], node: Node): boolean {
  return terms.some((t) => termMatches(t, node));
}

/** A nodeSelector map: every key must be a label with exactly that value. */
export function nodeSelectorMatches(selector: Record<string, string> | undefined, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}
