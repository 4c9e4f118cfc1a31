/** System-owned metadata: set on create, carried over on update, generation bumped on spec change. */
import { randomInt, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { KObject } from './types.js';
import { rfc3339 } from './clock.js';

/** Letters kube-apiserver uses for generateName suffixes (no vowels, no look-alikes). */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
/** Length of the random suffix appended to `metadata.generateName`. */
const GENERATED_SUFFIX_LENGTH = 5;
/** Kubernetes truncates generateName so the result stays within 63 characters. */
const MAX_GENERATED_NAME_LENGTH = 63;

export function generateName(base: string): string {
  let suffix = '';
  for (let i = 0; i < GENERATED_SUFFIX_LENGTH; i++) suffix += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
  const room = MAX_GENERATED_NAME_LENGTH - GENERATED_SUFFIX_LENGTH;
  return `${base.length > room ? base.slice(0, room) : base}${suffix}`;
}

/** Fills the fields the server owns on create. */
export function initObjectMeta(obj: KObject, now: Date, tracksGeneration: boolean): void {
  const meta = (obj.metadata ??= {});
  meta.uid = randomUUID();
  meta.creationTimestamp = rfc3339(now);
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  if (tracksGeneration) meta.generation = 1;
  else delete meta.generation;
}

/** Carries system-owned fields from the stored object into an update. */
export function preserveObjectMeta(obj: KObject, old: KObject): void {
  const meta = (obj.metadata ??= {});
  const prev = old.metadata ?? {};
  meta.uid = prev.uid;
  meta.creationTimestamp = prev.creationTimestamp;
  meta.resourceVersion = prev.resourceVersion;
  if (prev.deletionTimestamp !== undefined) meta.deletionTimestamp = prev.deletionTimestamp;
  else delete meta.deletionTimestamp;
  if (prev.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = prev.deletionGracePeriodSeconds;
  else delete meta.deletionGracePeriodSeconds;
  if (prev.generation !== undefined) meta.generation = prev.generation;
  else delete meta.generation;
  if (meta.generateName === undefined && prev.generateName !== undefined) meta.generateName = prev.generateName;
}

/** Everything but metadata and status: what `generation` tracks. */
function specPart(obj: KObject): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind') rest[k] = v;
  }
  return rest;
}

export function bumpGenerationOnSpecChange(obj: KObject, old: KObject): void {
  if (!isDeepStrictEqual(specPart(obj), specPart(old))) {
    const meta = (obj.metadata ??= {});
    meta.generation = (old.metadata?.generation ?? 0) + 1;
  }
}

/** For /status writes: the stored metadata wins, except for resourceVersion (the precondition). */
export function resetMetaForStatus(obj: KObject, old: KObject): void {
  const rv = obj.metadata?.resourceVersion;
  obj.metadata = structuredClone(old.metadata ?? {});
  if (rv !== undefined) obj.metadata.resourceVersion = rv;
}
