/** A container's environment as the kubelet builds it: envFrom, then env in order (configMap/secret keys, downward API), `$(VAR)` expanded. */
import type { ConfigMap, Container, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { configMapNotFound, ContainerConfigError, secretNotFound } from './config-error.js';
import { expandVars, lookupIn } from './expansion.js';
import { containerForResourceRef, containerResourceValue, podFieldValue } from './field-ref.js';

/** Where env values come from. Sources return undefined for an object that does not exist. */
export interface EnvSources {
  configMaps: (namespace: string, name: string) => ConfigMap | undefined;
  secrets: (namespace: string, name: string) => Secret | undefined;
  podIP?: string;
  podIPs?: string[];
  hostIP?: string;
  hostIPs?: string[];
  nodeName?: string;
  /** Service link variables (FOO_SERVICE_HOST, ...): a fallback for `$(VAR)` and added where the container sets no such name. */
  serviceEnv?: Record<string, string>;
  /** The node's allocatable (`cpu`, `memory`, `ephemeral-storage`): limits a container leaves unset. */
  nodeAllocatable?: Record<string, string>;
}

export interface EnvVar {
  name: string;
  value: string;
}

/** Names a C identifier-ish env var may have (upstream IsEnvVarName: `[-._a-zA-Z][-._a-zA-Z0-9]*`). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export function isEnvVarName(name: string): boolean {
  return ENV_NAME.test(name);
}

/** Secret data is base64 in the API object; stringData (write-only) is taken too, in case a fake source holds it. */
export function secretData(secret: Secret): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(secret.data ?? {})) out[k] = Buffer.from(v, 'base64');
  for (const [k, v] of Object.entries(secret.stringData ?? {})) out[k] = Buffer.from(v, 'utf8');
  return out;
}

/** What resolveEnv returns: the variables in order, and names envFrom skipped as invalid (for the InvalidEnvironmentVariableNames event). */
export interface ResolvedEnv {
  env: EnvVar[];
  invalidKeys: { source: string; keys: string[] }[];
}

/**
 * Resolves a container's environment as upstream's makeEnvironmentVariables: envFrom entries first (later ones override),
 * then env entries in order (each may reference earlier ones with `$(VAR)`), then service variables not set otherwise.
 * Throws ContainerConfigError (`configmap "x" not found`, `couldn't find key K in ConfigMap ns/name`, ...).
 */
export function resolveEnvDetailed(pod: Pod, container: Container, sources: EnvSources): ResolvedEnv {
  const ns = pod.metadata?.namespace ?? 'default';
  const tmp = new Map<string, string>();
  const serviceEnv = new Map(Object.entries(sources.serviceEnv ?? {}));
  const invalidKeys: ResolvedEnv['invalidKeys'] = [];
  const cms = new Map<string, ConfigMap>();
  const secrets = new Map<string, Secret>();
  const getCm = (name: string): ConfigMap | undefined => {
    if (!cms.has(name)) {
      const cm = sources.configMaps(ns, name);
      if (cm) cms.set(name, cm);
    }
    return cms.get(name);
  };
  const getSecret = (name: string): Secret | undefined => {
    if (!secrets.has(name)) {
      const s = sources.secrets(ns, name);
      if (s) secrets.set(name, s);
    }
    return secrets.get(name);
  };

  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    let data: Record<string, string>;
    let source: string;
    if (from.configMapRef) {
      const name = from.configMapRef.name ?? '';
      const cm = getCm(name);
      if (!cm) {
        if (from.configMapRef.optional) continue;
        throw configMapNotFound(name);
      }
      data = cm.data ?? {};
      source = `configMap ${ns}/${name}`;
    } else if (from.secretRef) {
      const name = from.secretRef.name ?? '';
      const s = getSecret(name);
      if (!s) {
        if (from.secretRef.optional) continue;
        throw secretNotFound(name);
      }
      data = Object.fromEntries(Object.entries(secretData(s)).map(([k, v]) => [k, v.toString('utf8')]));
      source = `secret ${ns}/${name}`;
    } else {
      continue;
    }
    const bad: string[] = [];
    for (const [key, value] of Object.entries(data)) {
      const k = prefix + key;
      if (!isEnvVarName(k)) {
        bad.push(k);
        continue;
      }
      tmp.set(k, value);
    }
    if (bad.length > 0) invalidKeys.push({ source, keys: bad.sort() });
  }

  const facts = { podIP: sources.podIP, podIPs: sources.podIPs, hostIP: sources.hostIP, hostIPs: sources.hostIPs, nodeName: sources.nodeName };
  for (const v of container.env ?? []) {
    let value = v.value ?? '';
    if (value !== '') {
      value = expandVars(value, lookupIn(tmp, serviceEnv));
    } else if (v.valueFrom) {
      const from = v.valueFrom;
      if (from.fieldRef) {
        value = podFieldValue(pod, from.fieldRef.fieldPath, facts);
      } else if (from.resourceFieldRef) {
        const c = containerForResourceRef(pod, from.resourceFieldRef, container);
        value = containerResourceValue(from.resourceFieldRef, c, sources.nodeAllocatable);
      } else if (from.configMapKeyRef) {
        const { name = '', key, optional } = from.configMapKeyRef;
        const cm = getCm(name);
        if (!cm) {
          if (optional) continue;
          throw configMapNotFound(name);
        }
        const found = cm.data?.[key];
        if (found === undefined) {
          if (optional) continue;
          throw new ContainerConfigError(`couldn't find key ${key} in ConfigMap ${ns}/${name}`);
        }
        value = found;
      } else if (from.secretKeyRef) {
        const { name = '', key, optional } = from.secretKeyRef;
        const s = getSecret(name);
        if (!s) {
          if (optional) continue;
          throw secretNotFound(name);
        }
        const found = secretData(s)[key];
        if (found === undefined) {
          if (optional) continue;
          throw new ContainerConfigError(`couldn't find key ${key} in Secret ${ns}/${name}`);
        }
        value = found.toString('utf8');
      }
    }
    // re-setting a name keeps its first position, as a map would; the value is the last one
    tmp.set(v.name, value);
  }

  const env: EnvVar[] = [...tmp].map(([name, value]) => ({ name, value }));
  for (const [name, value] of serviceEnv) if (!tmp.has(name)) env.push({ name, value });
  return { env, invalidKeys };
}

/** The container's environment variables in order (see resolveEnvDetailed). */
export function resolveEnv(pod: Pod, container: Container, sources: EnvSources): EnvVar[] {
  return resolveEnvDetailed(pod, container, sources).env;
}
