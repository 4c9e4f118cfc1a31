/** The cluster's kubeconfig, and merging its `skiff` entries into (and out of) the user's kubeconfig file. */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse, stringify } from 'yaml';

export const CLUSTER_NAME = 'skiff';
export const USER_NAME = 'skiff-admin';
export const CONTEXT_NAME = 'skiff';

/** A named entry of a kubeconfig list (`clusters`, `users`, `contexts`). */
export interface NamedEntry {
  name: string;
  [key: string]: unknown;
}

export interface KubeconfigEntries {
  cluster: { server: string; 'certificate-authority-data': string };
  user: { 'client-certificate-data': string; 'client-key-data': string };
  context: { cluster: string; user: string };
}

/** A kubeconfig document as plain data; unknown fields of a user's file are kept as they are. */
export interface Kubeconfig {
  apiVersion?: string;
  kind?: string;
  clusters?: NamedEntry[];
  users?: NamedEntry[];
  contexts?: NamedEntry[];
  'current-context'?: string;
  [key: string]: unknown;
}

const b64 = (pem: string) => Buffer.from(pem).toString('base64');

export function skiffEntries(opts: { server: string; caCertPem: string; clientCertPem: string; clientKeyPem: string }): KubeconfigEntries {
  return {
    cluster: { server: opts.server, 'certificate-authority-data': b64(opts.caCertPem) },
    user: { 'client-certificate-data': b64(opts.clientCertPem), 'client-key-data': b64(opts.clientKeyPem) },
    context: { cluster: CLUSTER_NAME, user: USER_NAME },
  };
}

/** A complete kubeconfig holding only the skiff cluster, user and context. */
export function buildKubeconfig(entries: KubeconfigEntries): string {
  return stringify(mergeEntries({}, entries));
}

/**
 * A kubeconfig for one of the cluster's own components: the skiff cluster, a user named as the component's
 * certificate (e.g. `system:kube-scheduler`) and a context `<user>@skiff`, current.
 */
export function componentKubeconfig(opts: { server: string; caCertPem: string; clientCertPem: string; clientKeyPem: string; user: string }): string {
  const entries = skiffEntries(opts);
  const context = `${opts.user}@${CLUSTER_NAME}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: CLUSTER_NAME, cluster: entries.cluster }],
    users: [{ name: opts.user, user: entries.user }],
    contexts: [{ name: context, context: { cluster: CLUSTER_NAME, user: opts.user } }],
    'current-context': context,
  });
}

function upsert(list: NamedEntry[] | undefined, name: string, key: string, value: object): NamedEntry[] {
  const items = (list ?? []).filter((item) => item?.name !== name);
  const at = (list ?? []).findIndex((item) => item?.name === name);
  const entry = { name, [key]: value };
  if (at >= 0) items.splice(at, 0, entry);
  else items.push(entry);
  return items;
}

/** `config` with the skiff cluster, user and context added or replaced, and skiff as the current context. */
export function mergeEntries(config: Kubeconfig, entries: KubeconfigEntries): Kubeconfig {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    ...config,
    clusters: upsert(config.clusters, CLUSTER_NAME, 'cluster', entries.cluster),
    users: upsert(config.users, USER_NAME, 'user', entries.user),
    contexts: upsert(config.contexts, CONTEXT_NAME, 'context', entries.context),
    'current-context': CONTEXT_NAME,
  };
}

/**
 * `config` without the skiff entries, provided its skiff cluster is still the one described by `ours`
 * (another `skiff up` may have replaced it since). The current context goes back to `previousContext`
 * when that still exists, else it is cleared.
 */
export function removeEntries(config: Kubeconfig, ours: KubeconfigEntries['cluster'], previousContext?: string): { config: Kubeconfig; removed: boolean } {
  const cluster = config.clusters?.find((c) => c?.name === CLUSTER_NAME)?.cluster as Partial<KubeconfigEntries['cluster']> | undefined;
  if (!cluster || cluster.server !== ours.server || cluster['certificate-authority-data'] !== ours['certificate-authority-data']) {
    return { config, removed: false };
  }
  const next: Kubeconfig = {
    ...config,
    clusters: (config.clusters ?? []).filter((c) => c?.name !== CLUSTER_NAME),
    users: (config.users ?? []).filter((u) => u?.name !== USER_NAME),
    contexts: (config.contexts ?? []).filter((c) => c?.name !== CONTEXT_NAME),
  };
  if (config['current-context'] === CONTEXT_NAME) {
    const restore = previousContext && previousContext !== CONTEXT_NAME && next.contexts?.some((c) => c?.name === previousContext);
    next['current-context'] = restore ? previousContext : '';
  }
  return { config: next, removed: true };
}

/** Parses a kubeconfig file's text; an empty file is an empty config. */
export function parseKubeconfig(text: string, path: string): Kubeconfig {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new Error(`${path} is not valid YAML, so it was left alone: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${path} is not a kubeconfig, so it was left alone`);
  return doc as Kubeconfig;
}

export function serializeKubeconfig(config: Kubeconfig): string {
  return stringify(config);
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/**
 * The file a `kubectl config set` would write to, as kind chooses it: the only entry of $KUBECONFIG,
 * else its first entry that exists, else its last; without $KUBECONFIG, ~/.kube/config.
 */
export function kubeconfigPathForMerge(env: NodeJS.ProcessEnv = process.env, home = env.HOME ?? homedir(), exists = isFile): string {
  const paths = [...new Set((env.KUBECONFIG ?? '').split(delimiter).filter((p) => p !== ''))];
  if (paths.length === 0) return join(home, '.kube', 'config');
  if (paths.length === 1) return paths[0]!;
  return paths.find((p) => exists(p)) ?? paths[paths.length - 1]!;
}
