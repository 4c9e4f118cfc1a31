/** ConfigSources: the ConfigMaps and Secrets a pod uses, from the informers' caches, with a live get for what the cache misses. */
import type { ApiObject, ResourceClient } from '@skiff/client';
import { isStatusError } from '@skiff/api';
import type { Lister } from '@skiff/runtime';
import type { ConfigMap, Pod, Secret } from 'kubernetes-types/core/v1.js';
import type { EnvSources } from '../podconfig/index.js';
import { CONFIGMAPS, SECRETS, type ConfigMapObject, type SecretObject } from './resources.js';

type Kind = 'configMap' | 'secret';

/** The names of every ConfigMap and Secret the pod refers to (env, envFrom, volumes, projected volumes). */
export function referencedSources(pod: Pod): { configMaps: Set<string>; secrets: Set<string> } {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  const add = (kind: Kind, name: string | undefined): void => {
    if (name) (kind === 'configMap' ? configMaps : secrets).add(name);
  };
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const e of c.env ?? []) {
      add('configMap', e.valueFrom?.configMapKeyRef?.name);
      add('secret', e.valueFrom?.secretKeyRef?.name);
    }
    for (const e of c.envFrom ?? []) {
      add('configMap', e.configMapRef?.name);
      add('secret', e.secretRef?.name);
    }
  }
  for (const v of pod.spec?.volumes ?? []) {
    add('configMap', v.configMap?.name);
    add('secret', v.secret?.secretName);
    for (const s of v.projected?.sources ?? []) {
      add('configMap', s.configMap?.name);
      add('secret', s.secret?.name);
    }
  }
  return { configMaps, secrets };
}

/**
 * The sync lookups the pod worker calls. Objects come from the informers' caches; `prefetch(pod)` fetches
 * live (once per sync) the referenced objects the cache does not hold yet, e.g. created a moment before the pod.
 */
export class ConfigSources {
  private readonly live = new Map<string, ApiObject | undefined>();

  constructor(
    private readonly client: ResourceClient,
    private readonly configMapLister: Lister<ConfigMapObject>,
    private readonly secretLister: Lister<SecretObject>,
  ) {}

  /** Fetches from the API the referenced objects missing from the caches (a missing object stays undefined). */
  async prefetch(pod: Pod): Promise<void> {
    const ns = pod.metadata?.namespace ?? 'default';
    const refs = referencedSources(pod);
    const wanted: Array<[Kind, string]> = [...[...refs.configMaps].map((n): [Kind, string] => ['configMap', n]), ...[...refs.secrets].map((n): [Kind, string] => ['secret', n])];
    await Promise.all(
      wanted.map(async ([kind, name]) => {
        const key = `${kind}/${ns}/${name}`;
        if (this.cached(kind, ns, name)) {
          this.live.delete(key);
          return;
        }
        try {
          this.live.set(key, await this.client.get(kind === 'configMap' ? CONFIGMAPS : SECRETS, ns, name));
        } catch (err) {
          if (!isStatusError(err) || err.code !== 404) throw err;
          this.live.set(key, undefined);
        }
      }),
    );
  }

  /** The lookups in the shape EnvSources and VolumeSources take. */
  sources(): Pick<EnvSources, 'configMaps' | 'secrets'> {
    return {
      configMaps: (ns, name) => this.cached('configMap', ns, name) ?? (this.live.get(`configMap/${ns}/${name}`) as ConfigMap | undefined),
      secrets: (ns, name) => this.cached('secret', ns, name) ?? (this.live.get(`secret/${ns}/${name}`) as Secret | undefined),
    };
  }

  private cached(kind: 'configMap', ns: string, name: string): ConfigMap | undefined;
  private cached(kind: 'secret', ns: string, name: string): Secret | undefined;
  private cached(kind: Kind, ns: string, name: string): ConfigMap | Secret | undefined;
  private cached(kind: Kind, ns: string, name: string): ConfigMap | Secret | undefined {
    return kind === 'configMap' ? this.configMapLister.get(`${ns}/${name}`) : this.secretLister.get(`${ns}/${name}`);
  }
}
