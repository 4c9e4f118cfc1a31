/** loadKubeconfig: finds the kubeconfig files (explicit path, $KUBECONFIG, ~/.kube/config), merges them and resolves one context. */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeconfigError } from './kubeconfig-error.js';
import { readKubeconfigFile, type KubeconfigDocument } from './kubeconfig-file.js';
import { mergeKubeconfigs } from './merge-kubeconfigs.js';

/** The namespace of a context that names none, as in client-go. */
export const DEFAULT_NAMESPACE = 'default';

export interface LoadKubeconfigOptions {
  /** An explicit file (like `--kubeconfig`): it must exist, and $KUBECONFIG is not read. */
  path?: string;
  /** The context to use instead of `current-context`. */
  context?: string;
  /** Environment to read `KUBECONFIG` from (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Home directory for `~/.kube/config` (default: os.homedir()). */
  homeDir?: string;
}

/** What a client needs from a kubeconfig: where the server is and how to prove who we are. */
export interface Kubeconfig {
  /** e.g. `https://127.0.0.1:6443`. */
  server: string;
  /** PEM of the CA that signed the server's certificate. */
  ca?: string;
  /** PEM client certificate and key. */
  cert?: string;
  key?: string;
  token?: string;
  insecureSkipTLSVerify: boolean;
  /** Name to check the server's certificate against (and send as SNI) instead of the server's host. */
  tlsServerName?: string;
  namespace: string;
  contextName: string;
  clusterName: string;
  userName: string;
}

/** The files to read, in merge order. */
export function kubeconfigPaths(opts: Pick<LoadKubeconfigOptions, 'path' | 'env' | 'homeDir'> = {}): { paths: string[]; explicit: boolean } {
  if (opts.path) return { paths: [opts.path], explicit: true };
  const env = opts.env ?? process.env;
  const list = env.KUBECONFIG;
  if (list) {
    const paths = [...new Set(list.split(delimiter).filter((p) => p !== ''))];
    if (paths.length > 0) return { paths, explicit: false };
  }
  return { paths: [join(opts.homeDir ?? homedir(), '.kube', 'config')], explicit: false };
}

/** Reads and merges the kubeconfig files without choosing a context. */
export async function readMergedKubeconfig(opts: Pick<LoadKubeconfigOptions, 'path' | 'env' | 'homeDir'> = {}): Promise<KubeconfigDocument> {
  const { paths, explicit } = kubeconfigPaths(opts);
  const docs: KubeconfigDocument[] = [];
  for (const path of paths) {
    const doc = await readKubeconfigFile(path);
    if (doc) docs.push(doc);
    // As client-go: files listed in $KUBECONFIG may be missing, an explicit one may not.
    else if (explicit) throw new KubeconfigError(`stat ${path}: no such file or directory`);
  }
  return mergeKubeconfigs(docs);
}

/** Loads the kubeconfig and resolves the chosen context into connection settings. */
export async function loadKubeconfig(opts: LoadKubeconfigOptions = {}): Promise<Kubeconfig> {
  return resolveContext(await readMergedKubeconfig(opts), opts.context);
}

/** Resolves one context of a (merged) kubeconfig, reading the files it points at. */
export async function resolveContext(doc: KubeconfigDocument, contextOverride?: string): Promise<Kubeconfig> {
  if (doc.clusters.size === 0 && doc.users.size === 0 && doc.contexts.size === 0 && !contextOverride) {
    throw new KubeconfigError('invalid configuration: no configuration has been provided');
  }
  const contextName = contextOverride || doc.currentContext;
  if (!contextName) throw new KubeconfigError('invalid configuration: current-context is not set and no context was chosen');
  const context = doc.contexts.get(contextName);
  if (!context) throw new KubeconfigError(`context was not found for specified context: ${contextName}`);
  if (!context.cluster) throw new KubeconfigError(`invalid configuration: context "${contextName}" names no cluster`);
  const cluster = doc.clusters.get(context.cluster);
  if (!cluster) throw new KubeconfigError(`cluster "${context.cluster}" was not found for context "${contextName}"`);
  if (!cluster.server) throw new KubeconfigError(`no server found for cluster "${context.cluster}"`);
  const userName = context.user ?? '';
  const user = userName ? doc.users.get(userName) : {};
  if (!user) throw new KubeconfigError(`user "${userName}" was not found for context "${contextName}"`);

  const insecure = cluster.insecureSkipTlsVerify ?? false;
  const ca = cluster.certificateAuthorityData ?? (await readPem(cluster.certificateAuthority, `certificate-authority of cluster "${context.cluster}"`));
  if (insecure && ca !== undefined) {
    throw new KubeconfigError(`invalid configuration: cluster "${context.cluster}": specifying a root certificates file with the insecure flag is not allowed`);
  }
  const cert = user.clientCertificateData ?? (await readPem(user.clientCertificate, `client-certificate of user "${userName}"`));
  const key = user.clientKeyData ?? (await readPem(user.clientKey, `client-key of user "${userName}"`));
  if ((cert === undefined) !== (key === undefined)) {
    throw new KubeconfigError(`invalid configuration: user "${userName}" has a client ${cert ? 'certificate but no key' : 'key but no certificate'}`);
  }
  const token = await resolveToken(user.token, user.tokenFile, userName);

  const out: Kubeconfig = {
    server: normalizeServer(cluster.server, context.cluster),
    insecureSkipTLSVerify: insecure,
    namespace: context.namespace || DEFAULT_NAMESPACE,
    contextName,
    clusterName: context.cluster,
    userName,
  };
  if (ca !== undefined) out.ca = ca;
  if (cert !== undefined) out.cert = cert;
  if (key !== undefined) out.key = key;
  if (token !== undefined) out.token = token;
  if (cluster.tlsServerName) out.tlsServerName = cluster.tlsServerName;
  return out;
}

async function readPem(path: string | undefined, what: string): Promise<string | undefined> {
  if (!path) return undefined;
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new KubeconfigError(`unable to read ${what} from "${path}": ${(err as Error).message}`, { cause: err });
  }
}

/** As client-go: the token file's contents win over `token`, which remains the fallback if the file cannot be read. */
async function resolveToken(token: string | undefined, tokenFile: string | undefined, userName: string): Promise<string | undefined> {
  if (!tokenFile) return token;
  try {
    const fromFile = (await readFile(tokenFile, 'utf8')).trim();
    if (fromFile) return fromFile;
  } catch (err) {
    if (token === undefined) throw new KubeconfigError(`unable to read tokenFile of user "${userName}" from "${tokenFile}": ${(err as Error).message}`, { cause: err });
  }
  return token;
}

/** `host:port` without a scheme means https, as in client-go. */
function normalizeServer(server: string, clusterName: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(server) ? server : `https://${server}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new KubeconfigError(`invalid configuration: cluster "${clusterName}": server "${server}" is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new KubeconfigError(`invalid configuration: cluster "${clusterName}": server "${server}" must be an http or https URL`);
  }
  return withScheme.replace(/\/+$/, '');
}
