/** Pod affinity terms parsed once per cycle: namespaces, namespace selector, label selector and topology key, and whether a pod matches. */
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { labelSelectorFromSpec, type LabelSelector } from '@skiff/api';

/** Labels of a namespace by name; undefined when unknown. Without it, a non-empty namespaceSelector matches every namespace. */
export type NamespaceLabels = (namespace: string) => Record<string, string> | undefined;

/** A PodAffinityTerm ready for matching. */
export interface AffinityTerm {
  readonly topologyKey: string;
  /** The pod label selector; a missing labelSelector selects nothing, as upstream. */
  readonly selector: LabelSelector;
  /** Namespaces named by the term (the owner pod's own namespace when neither namespaces nor namespaceSelector is set). */
  readonly namespaces: ReadonlySet<string>;
  /** The namespaceSelector; undefined when the term has none. */
  readonly namespaceSelector: LabelSelector | undefined;
}

/** A preferred term with its weight. */
export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** Parses a PodAffinityTerm of `owner` (whose namespace is the default). Throws a 400 StatusError on a malformed selector. */
export function affinityTermOf(owner: Pod, term: PodAffinityTerm): AffinityTerm {
  const namespaces = new Set(term.namespaces ?? []);
  if (namespaces.size === 0 && !term.namespaceSelector) namespaces.add(owner.metadata?.namespace ?? '');
  return {
    topologyKey: term.topologyKey,
    selector: labelSelectorFromSpec(term.labelSelector),
    namespaces,
    namespaceSelector: term.namespaceSelector ? labelSelectorFromSpec(term.namespaceSelector) : undefined,
  };
}

/** Parses the weighted terms, dropping those of weight 0 (they cannot change a score). */
export function weightedTermsOf(owner: Pod, terms: readonly WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] {
  return (terms ?? []).filter((t) => t.weight !== 0).map((t) => ({ ...affinityTermOf(owner, t.podAffinityTerm), weight: t.weight }));
}

/** True when `pod` is selected by the term: its namespace is one of the term's (or matches its namespaceSelector) and its labels match. */
export function affinityTermMatches(term: AffinityTerm, pod: Pod, namespaceLabels?: NamespaceLabels): boolean {
  const ns = pod.metadata?.namespace ?? '';
  let nsOk = term.namespaces.has(ns);
  if (!nsOk && term.namespaceSelector) {
    if (term.namespaceSelector.isEmpty()) nsOk = true;
    else if (!namespaceLabels) nsOk = true;
    else nsOk = term.namespaceSelector.matches(namespaceLabels(ns) ?? {});
  }
  return nsOk && term.selector.matches(pod.metadata?.labels ?? {});
}

/** True when `pod` matches every term (false for an empty list), as the affinity counts require. */
export function allAffinityTermsMatch(terms: readonly AffinityTerm[], pod: Pod, namespaceLabels?: NamespaceLabels): boolean {
  return terms.length > 0 && terms.every((t) => affinityTermMatches(t, pod, namespaceLabels));
}

/** The parsed affinity of a pod: required and preferred, affinity and anti-affinity. */
export interface PodAffinityTerms {
  readonly requiredAffinity: AffinityTerm[];
  readonly requiredAntiAffinity: AffinityTerm[];
  readonly preferredAffinity: WeightedAffinityTerm[];
  readonly preferredAntiAffinity: WeightedAffinityTerm[];
}

const EMPTY: PodAffinityTerms = { requiredAffinity: [], requiredAntiAffinity: [], preferredAffinity: [], preferredAntiAffinity: [] };

/** Parsed terms per pod object: pods in the cache are replaced, never mutated, so an object's terms never change. */
const parsed = new WeakMap<Pod, PodAffinityTerms>();

/** Parses all of a pod's pod (anti-)affinity terms (memoized per pod object). */
export function podAffinityTermsOf(pod: Pod): PodAffinityTerms {
  const a = pod.spec?.affinity;
  if (!a?.podAffinity && !a?.podAntiAffinity) return EMPTY;
  const cached = parsed.get(pod);
  if (cached) return cached;
  const terms: PodAffinityTerms = {
    requiredAffinity: (a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => affinityTermOf(pod, t)),
    requiredAntiAffinity: (a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => affinityTermOf(pod, t)),
    preferredAffinity: weightedTermsOf(pod, a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinity: weightedTermsOf(pod, a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
  };
  parsed.set(pod, terms);
  return terms;
}

/** True when the pod declares any pod affinity or anti-affinity. */
export function hasPodAffinity(pod: Pod): boolean {
  const a = pod.spec?.affinity;
  return a?.podAffinity !== undefined || a?.podAntiAffinity !== undefined;
}
