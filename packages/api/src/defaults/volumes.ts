/** Defaults of pod volumes: emptyDir when no source is given, file modes, downward API field versions. */
import { defaultFieldRef } from './container.js';
import { child, isNil, items, setIfNil, type Obj } from './fields.js';

/** 0644: the file mode of projected secret, configMap and downward API files unless given. */
export const DEFAULT_VOLUME_FILE_MODE = 0o644;
/** Lifetime of a projected service account token when the pod does not ask for one (1 hour). */
const DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600;

function defaultDownwardItems(source: Obj | undefined): void {
  for (const item of items(source, 'items')) defaultFieldRef(child(item, 'fieldRef'));
}

/** Applies Kubernetes' volume defaults to one entry of `spec.volumes`. */
export function defaultVolume(volume: Obj): void {
  const hasSource = Object.keys(volume).some((key) => key !== 'name' && !isNil(volume[key]));
  if (!hasSource) volume['emptyDir'] = {};

  const hostPath = child(volume, 'hostPath');
  // HostPathUnset: the empty type means "no checks before mounting".
  if (hostPath) setIfNil(hostPath, 'type', '');
  for (const key of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const source = child(volume, key);
    if (source) setIfNil(source, 'defaultMode', DEFAULT_VOLUME_FILE_MODE);
  }
  defaultDownwardItems(child(volume, 'downwardAPI'));
  for (const source of items(child(volume, 'projected'), 'sources')) {
    defaultDownwardItems(child(source, 'downwardAPI'));
    const token = child(source, 'serviceAccountToken');
    if (token) setIfNil(token, 'expirationSeconds', DEFAULT_TOKEN_EXPIRATION_SECONDS);
  }
  const ephemeral = child(volume, 'ephemeral');
  const claimTemplate = ephemeral && child(ephemeral, 'volumeClaimTemplate');
  const claimSpec = claimTemplate && child(claimTemplate, 'spec');
  if (claimSpec) defaultPersistentVolumeClaimSpec(claimSpec);
}

/** A claim's volume mode defaults to Filesystem. */
export function defaultPersistentVolumeClaimSpec(spec: Obj): void {
  setIfNil(spec, 'volumeMode', 'Filesystem');
}
