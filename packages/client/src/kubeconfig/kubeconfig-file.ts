/** Reads one kubeconfig file into named clusters, users and contexts, with relative paths made absolute. */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { KubeconfigError } from './kubeconfig-error.js';

export interface KubeconfigCluster {
  server?: string;
  /** Absolute path of a PEM file. */
  certificateAuthority?: string;
  /** PEM text (already base64-decoded). */
  certificateAuthorityData?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
}

export interface KubeconfigUser {
  clientCertificate?: string;
  clientCertificateData?: string;
  clientKey?: string;
  clientKeyData?: string;
  token?: string;
  tokenFile?: string;
}

export interface KubeconfigContext {
  cluster?: string;
  user?: string;
  namespace?: string;
}

/** One kubeconfig (a file, or several merged): named entries plus the current context. */
export interface KubeconfigDocument {
  currentContext?: string;
  clusters: Map<string, KubeconfigCluster>;
  users: Map<string, KubeconfigUser>;
  contexts: Map<string, KubeconfigContext>;
}

export function emptyKubeconfig(): KubeconfigDocument {
  return { clusters: new Map(), users: new Map(), contexts: new Map() };
}

type Raw = Record<string, unknown>;

function isRecord(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads and parses a kubeconfig file; undefined when it does not exist. */
export async function readKubeconfigFile(path: string): Promise<KubeconfigDocument | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KubeconfigError(`error loading config file "${path}": ${(err as Error).message}`, { cause: err });
  }
  return parseKubeconfig(text, path);
}

/** Parses kubeconfig YAML; relative file paths resolve against the directory of `path`. */
export function parseKubeconfig(text: string, path: string): KubeconfigDocument {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new KubeconfigError(`error loading config file "${path}": ${(err as Error).message}`, { cause: err });
  }
  const doc = emptyKubeconfig();
  if (raw === null || raw === undefined) return doc;
  if (!isRecord(raw)) throw new KubeconfigError(`error loading config file "${path}": not a kubeconfig (expected a mapping)`);
  const reader = new FieldReader(path);
  const current = reader.string(raw, 'current-context', 'current-context');
  if (current) doc.currentContext = current;
  for (const [name, c] of reader.namedList(raw, 'clusters', 'cluster')) doc.clusters.set(name, reader.cluster(name, c));
  for (const [name, u] of reader.namedList(raw, 'users', 'user')) doc.users.set(name, reader.user(name, u));
  for (const [name, c] of reader.namedList(raw, 'contexts', 'context')) {
    const context: KubeconfigContext = {};
    assign(context, 'cluster', reader.string(c, 'cluster', `context "${name}"`));
    assign(context, 'user', reader.string(c, 'user', `context "${name}"`));
    assign(context, 'namespace', reader.string(c, 'namespace', `context "${name}"`));
    doc.contexts.set(name, context);
  }
  return doc;
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined && value !== '') target[key] = value;
}

/** Typed access to the fields of one file, with errors that name the file and the entry. */
class FieldReader {
  private readonly dir: string;

  constructor(private readonly path: string) {
    this.dir = dirname(resolve(path));
  }

  fail(what: string): never {
    throw new KubeconfigError(`error loading config file "${this.path}": ${what}`);
  }

  /** The entries of `clusters:`, `users:` or `contexts:` as [name, body] pairs. */
  namedList(raw: Raw, key: string, bodyKey: string): Array<[string, Raw]> {
    const list = raw[key];
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) this.fail(`${key} must be a list`);
    return list.map((entry: unknown, i): [string, Raw] => {
      if (!isRecord(entry)) this.fail(`${key}[${i}] must be a mapping`);
      const name = entry.name;
      if (typeof name !== 'string' || name === '') this.fail(`${key}[${i}] has no name`);
      const body = entry[bodyKey] ?? {};
      if (!isRecord(body)) this.fail(`${key}[${i}].${bodyKey} must be a mapping`);
      return [name, body];
    });
  }

  string(raw: Raw, key: string, where: string): string | undefined {
    const v = raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') this.fail(`${where}: ${key} must be a string`);
    return v;
  }

  bool(raw: Raw, key: string, where: string): boolean | undefined {
    const v = raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') this.fail(`${where}: ${key} must be true or false`);
    return v;
  }

  /** A file path field, made absolute against the kubeconfig's directory. */
  file(raw: Raw, key: string, where: string): string | undefined {
    const v = this.string(raw, key, where);
    if (!v) return undefined;
    return isAbsolute(v) ? v : resolve(this.dir, v);
  }

  /** A `*-data` field: base64 in the file, PEM text here. */
  data(raw: Raw, key: string, where: string): string | undefined {
    const v = this.string(raw, key, where);
    if (!v) return undefined;
    const compact = v.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) this.fail(`${where}: ${key} is not valid base64`);
    return Buffer.from(compact, 'base64').toString('utf8');
  }

  cluster(name: string, raw: Raw): KubeconfigCluster {
    const where = `cluster "${name}"`;
    const out: KubeconfigCluster = {};
    assign(out, 'server', this.string(raw, 'server', where));
    assign(out, 'certificateAuthority', this.file(raw, 'certificate-authority', where));
    assign(out, 'certificateAuthorityData', this.data(raw, 'certificate-authority-data', where));
    assign(out, 'insecureSkipTlsVerify', this.bool(raw, 'insecure-skip-tls-verify', where));
    assign(out, 'tlsServerName', this.string(raw, 'tls-server-name', where));
    return out;
  }

  user(name: string, raw: Raw): KubeconfigUser {
    const where = `user "${name}"`;
    const out: KubeconfigUser = {};
    assign(out, 'clientCertificate', this.file(raw, 'client-certificate', where));
    assign(out, 'clientCertificateData', this.data(raw, 'client-certificate-data', where));
    assign(out, 'clientKey', this.file(raw, 'client-key', where));
    assign(out, 'clientKeyData', this.data(raw, 'client-key-data', where));
    assign(out, 'token', this.string(raw, 'token', where));
    assign(out, 'tokenFile', this.file(raw, 'tokenFile', where));
    return out;
  }
}
