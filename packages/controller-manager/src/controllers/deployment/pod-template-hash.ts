/** The pod-template-hash of a Deployment's pod template, and template equality that ignores that label. */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';

/** The label (on RS selector, RS template and RS itself) that tells ReplicaSets of one Deployment apart. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** Kubernetes' SafeEncodeString alphabet: no vowels (no words), no 0/1/3 (look like letters). */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;

function fnv1a32(bytes: Uint8Array, seed = FNV32_OFFSET): number {
  let h = seed;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, FNV32_PRIME) >>> 0;
  }
  return h >>> 0;
}

/**
 * A canonical form for comparison and hashing: keys sorted; null, empty objects and empty arrays dropped (the API
 * treats absent, null and empty alike, as Kubernetes' semantic equality does).
 */
export function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonicalize).filter((v) => v !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = canonicalize((value as Record<string, unknown>)[key]);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value === null ? undefined : value;
}

/** Maps every character to the safe alphabet, as Kubernetes' SafeEncodeString does. */
export function safeEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/**
 * The pod-template-hash of `template` (Kubernetes' ComputeHash in form: FNV-32a over the template's canonical dump,
 * then the collision count as 4 little-endian bytes when set, printed in decimal and safe-encoded).
 */
export function computePodTemplateHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  const dump = new TextEncoder().encode(JSON.stringify(canonicalize(template ?? {}) ?? {}));
  let h = fnv1a32(dump);
  if (collisionCount !== undefined && collisionCount !== null) {
    const extra = new Uint8Array(4);
    new DataView(extra.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv1a32(extra, h);
  }
  return safeEncode(String(h));
}

/** The template without the pod-template-hash label (a copy). */
function withoutHash(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return copy;
}

/** Whether two pod templates are equal apart from the pod-template-hash label (Kubernetes' EqualIgnoreHash). */
export function templatesEqualIgnoringHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return JSON.stringify(canonicalize(withoutHash(a))) === JSON.stringify(canonicalize(withoutHash(b)));
}
