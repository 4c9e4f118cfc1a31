/** The files of configMap, secret, downwardAPI and projected volumes (as upstream's payload builders: items, paths, modes, optional). */
import type { ConfigMap, Container, DownwardAPIVolumeFile, KeyToPath, Pod, Secret, Volume } from 'kubernetes-types/core/v1.js';
import type { Payload } from './atomic-writer.js';
import { secretData, type EnvSources } from './env.js';
import { containerForResourceRef, containerResourceValue, podFieldValue } from './field-ref.js';

/** Kubernetes' default file mode for these volumes (0644). */
export const DEFAULT_VOLUME_FILE_MODE = 0o644;

/** What volume payloads read: the same sources as env. */
export type VolumeSources = EnvSources;

/** A source missing, or a key missing; `volume` is filled in by the caller. */
export class PayloadError extends Error {}

function keyedPayload(
  data: Record<string, Buffer>,
  items: KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean,
  missingKeyMessage: (key: string) => string,
  into: Payload = new Map(),
): Payload {
  if (!items || items.length === 0) {
    for (const [k, v] of Object.entries(data)) into.set(k, { data: v, mode: defaultMode });
    return into;
  }
  for (const item of items) {
    const v = data[item.key];
    if (v === undefined) {
      if (optional) continue;
      throw new PayloadError(missingKeyMessage(item.key));
    }
    into.set(item.path, { data: v, mode: item.mode ?? defaultMode });
  }
  return into;
}

function configMapData(cm: ConfigMap): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(cm.data ?? {})) out[k] = Buffer.from(v, 'utf8');
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) out[k] = Buffer.from(v, 'base64');
  return out;
}

function configMapPayload(ns: string, ref: { name?: string; items?: KeyToPath[]; optional?: boolean }, mode: number, src: VolumeSources, into?: Payload): Payload {
  const name = ref.name ?? '';
  const cm = src.configMaps(ns, name);
  if (!cm) {
    if (ref.optional) return into ?? new Map();
    throw new PayloadError(`configmap "${name}" not found`);
  }
  return keyedPayload(configMapData(cm), ref.items, mode, ref.optional ?? false, (k) => `configmap references non-existent config key: ${k}`, into);
}

function secretPayload(ns: string, ref: { name?: string; items?: KeyToPath[]; optional?: boolean }, mode: number, src: VolumeSources, into?: Payload): Payload {
  const name = ref.name ?? '';
  const s: Secret | undefined = src.secrets(ns, name);
  if (!s) {
    if (ref.optional) return into ?? new Map();
    throw new PayloadError(`secret "${name}" not found`);
  }
  return keyedPayload(secretData(s), ref.items, mode, ref.optional ?? false, (k) => `secret references non-existent secret key: ${k}`, into);
}

function downwardPayload(pod: Pod, items: DownwardAPIVolumeFile[], mode: number, src: VolumeSources, into: Payload = new Map()): Payload {
  for (const item of items) {
    let text = '';
    if (item.fieldRef) {
      text = podFieldValue(pod, item.fieldRef.fieldPath, src);
    } else if (item.resourceFieldRef) {
      const c: Container = containerForResourceRef(pod, item.resourceFieldRef);
      text = containerResourceValue(item.resourceFieldRef, c, src.nodeAllocatable);
    }
    into.set(item.path, { data: Buffer.from(text, 'utf8'), mode: item.mode ?? mode });
  }
  return into;
}

/** The payload of an atomic-writer volume, or undefined for other volume types. Throws PayloadError. */
export function volumePayload(pod: Pod, vol: Volume, src: VolumeSources): Payload | undefined {
  const ns = pod.metadata?.namespace ?? 'default';
  if (vol.configMap) return configMapPayload(ns, vol.configMap, vol.configMap.defaultMode ?? DEFAULT_VOLUME_FILE_MODE, src);
  if (vol.secret) {
    return secretPayload(ns, { name: vol.secret.secretName, items: vol.secret.items, optional: vol.secret.optional }, vol.secret.defaultMode ?? DEFAULT_VOLUME_FILE_MODE, src);
  }
  if (vol.downwardAPI) return downwardPayload(pod, vol.downwardAPI.items ?? [], vol.downwardAPI.defaultMode ?? DEFAULT_VOLUME_FILE_MODE, src);
  if (vol.projected) {
    const mode = vol.projected.defaultMode ?? DEFAULT_VOLUME_FILE_MODE;
    const out: Payload = new Map();
    for (const s of vol.projected.sources ?? []) {
      if (s.configMap) configMapPayload(ns, s.configMap, mode, src, out);
      else if (s.secret) secretPayload(ns, s.secret, mode, src, out);
      else if (s.downwardAPI) downwardPayload(pod, s.downwardAPI.items ?? [], mode, src, out);
      // serviceAccountToken and clusterTrustBundle sources are not supported yet: skipped
    }
    return out;
  }
  return undefined;
}
