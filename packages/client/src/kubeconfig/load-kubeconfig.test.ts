/** Unit tests of kubeconfig loading: $KUBECONFIG merging, relative paths, inline data and missing pieces. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeconfigError } from './kubeconfig-error.js';
import { parseKubeconfig } from './kubeconfig-file.js';
import { kubeconfigPaths, loadKubeconfig } from './load-kubeconfig.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-kubeconfig-test-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const FIRST = `
apiVersion: v1
kind: Config
current-context: first
clusters:
- name: shared
  cluster: { server: "https://first.example:6443" }
- name: only-first
  cluster: { server: "https://only-first:6443" }
users:
- name: shared
  user: { token: first-token }
contexts:
- name: first
  context: { cluster: shared, user: shared, namespace: team-a }
`;

const SECOND = `
current-context: second
clusters:
- name: shared
  cluster: { server: "https://second.example:6443", insecure-skip-tls-verify: true }
- name: only-second
  cluster: { server: "http://127.0.0.1:8080" }
users:
- name: shared
  user: { token: second-token }
- name: nobody
  user: {}
contexts:
- name: second
  context: { cluster: only-second, user: nobody }
- name: first
  context: { cluster: only-second, user: nobody }
`;

test('$KUBECONFIG files merge: first name wins whole, current-context from the first file that sets it', async () => {
  await withDir(async (dir) => {
    const noCurrent = join(dir, 'none.yaml');
    await writeFile(noCurrent, 'clusters: []\n');
    await writeFile(join(dir, 'a.yaml'), FIRST);
    await writeFile(join(dir, 'b.yaml'), SECOND);
    const env = { KUBECONFIG: [noCurrent, join(dir, 'missing.yaml'), join(dir, 'a.yaml'), join(dir, 'b.yaml')].join(delimiter) };
    const cfg = await loadKubeconfig({ env });
    assert.equal(cfg.contextName, 'first');
    // The context, cluster and user all come from the first file, not field-merged with the second.
    assert.equal(cfg.server, 'https://first.example:6443');
    assert.equal(cfg.insecureSkipTLSVerify, false);
    assert.equal(cfg.token, 'first-token');
    assert.equal(cfg.namespace, 'team-a');

    // Entries only in the later file are still there.
    const second = await loadKubeconfig({ env, context: 'second' });
    assert.equal(second.server, 'http://127.0.0.1:8080');
    assert.equal(second.namespace, 'default');
    assert.equal(second.token, undefined);

    // Order decides.
    const reversed = await loadKubeconfig({ env: { KUBECONFIG: [join(dir, 'b.yaml'), join(dir, 'a.yaml')].join(delimiter) } });
    assert.equal(reversed.contextName, 'second');
    assert.equal(reversed.server, 'http://127.0.0.1:8080');
  });
});

test('an explicit path beats $KUBECONFIG, and ~/.kube/config is the default', async () => {
  await withDir(async (dir) => {
    await mkdir(join(dir, 'home', '.kube'), { recursive: true });
    await writeFile(join(dir, 'home', '.kube', 'config'), SECOND);
    await writeFile(join(dir, 'a.yaml'), FIRST);
    const home = join(dir, 'home');
    assert.equal((await loadKubeconfig({ env: {}, homeDir: home })).contextName, 'second');
    assert.equal((await loadKubeconfig({ path: join(dir, 'a.yaml'), env: { KUBECONFIG: join(home, '.kube', 'config') } })).contextName, 'first');
    assert.deepEqual(kubeconfigPaths({ env: { KUBECONFIG: `x${delimiter}${delimiter}y${delimiter}x` } }).paths, ['x', 'y']);
    await assert.rejects(loadKubeconfig({ path: join(dir, 'nope.yaml') }), (err: unknown) => err instanceof KubeconfigError && /no such file/.test(err.message));
    await assert.rejects(loadKubeconfig({ env: {}, homeDir: join(dir, 'empty-home') }), /no configuration has been provided/);
  });
});

test('relative file paths resolve against the kubeconfig directory; tokenFile wins over token', async () => {
  await withDir(async (dir) => {
    await mkdir(join(dir, 'conf', 'pki'), { recursive: true });
    await writeFile(join(dir, 'conf', 'pki', 'ca.crt'), 'CA PEM');
    await writeFile(join(dir, 'conf', 'pki', 'admin.crt'), 'CERT PEM');
    await writeFile(join(dir, 'conf', 'pki', 'admin.key'), 'KEY PEM');
    await writeFile(join(dir, 'conf', 'token'), 'file-token\n');
    await writeFile(
      join(dir, 'conf', 'config'),
      `
current-context: c
clusters:
- name: k
  cluster: { server: "127.0.0.1:6443", certificate-authority: pki/ca.crt, tls-server-name: kubernetes }
users:
- name: u
  user: { client-certificate: pki/admin.crt, client-key: ./pki/admin.key, token: inline-token, tokenFile: token }
contexts:
- name: c
  context: { cluster: k, user: u }
`,
    );
    // Loaded from another working directory: paths must not depend on it.
    const cfg = await loadKubeconfig({ path: join(dir, 'conf', 'config') });
    assert.deepEqual(cfg, {
      server: 'https://127.0.0.1:6443',
      ca: 'CA PEM',
      cert: 'CERT PEM',
      key: 'KEY PEM',
      token: 'file-token',
      insecureSkipTLSVerify: false,
      tlsServerName: 'kubernetes',
      namespace: 'default',
      contextName: 'c',
      clusterName: 'k',
      userName: 'u',
    });
    const doc = parseKubeconfig('clusters:\n- name: k\n  cluster: { certificate-authority: /abs/ca.crt }\n', join(dir, 'x', 'config'));
    assert.equal(doc.clusters.get('k')!.certificateAuthority, '/abs/ca.crt');
  });
});

test('inline *-data fields are base64-decoded and win over files', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'config');
    await writeFile(
      path,
      `
current-context: c
clusters:
- name: k
  cluster: { server: "https://h:1", certificate-authority-data: ${b64('INLINE CA')}, certificate-authority: missing.crt }
users:
- name: u
  user: { client-certificate-data: ${b64('INLINE CERT')}, client-key-data: ${b64('INLINE KEY')} }
contexts:
- name: c
  context: { cluster: k, user: u, namespace: ns1 }
`,
    );
    const cfg = await loadKubeconfig({ path });
    assert.equal(cfg.ca, 'INLINE CA');
    assert.equal(cfg.cert, 'INLINE CERT');
    assert.equal(cfg.key, 'INLINE KEY');
    assert.equal(cfg.namespace, 'ns1');
  });
});

test('missing context, cluster, user, server or files give clear errors', async () => {
  await withDir(async (dir) => {
    const write = async (name: string, text: string) => {
      const p = join(dir, name);
      await writeFile(p, text);
      return p;
    };
    const base = `
clusters:
- name: k
  cluster: { server: "https://h:1" }
- name: no-server
  cluster: {}
users:
- name: u
  user: { client-certificate: nope.crt, client-key: nope.key }
contexts:
- name: no-cluster
  context: { cluster: ghost, user: u }
- name: no-user
  context: { cluster: k, user: ghost }
- name: no-server
  context: { cluster: no-server }
- name: bad-cert
  context: { cluster: k, user: u }
`;
    const path = await write('config', base);
    const expect = (context: string | undefined, re: RegExp) =>
      assert.rejects(loadKubeconfig({ path, ...(context ? { context } : {}) }), (err: unknown) => err instanceof KubeconfigError && re.test(err.message));
    await expect(undefined, /current-context is not set/);
    await expect('ghost', /^context was not found for specified context: ghost$/);
    await expect('no-cluster', /^cluster "ghost" was not found for context "no-cluster"$/);
    await expect('no-user', /^user "ghost" was not found for context "no-user"$/);
    await expect('no-server', /^no server found for cluster "no-server"$/);
    await expect('bad-cert', /unable to read client-certificate of user "u" from ".*nope\.crt"/);

    const insecureWithCa = await write('insecure', `current-context: c\nclusters:\n- name: k\n  cluster: { server: "https://h:1", insecure-skip-tls-verify: true, certificate-authority-data: ${b64('CA')} }\ncontexts:\n- name: c\n  context: { cluster: k }\n`);
    await assert.rejects(loadKubeconfig({ path: insecureWithCa }), /root certificates file with the insecure flag is not allowed/);

    const badYaml = await write('bad', 'clusters: {');
    await assert.rejects(loadKubeconfig({ path: badYaml }), (err: unknown) => err instanceof KubeconfigError && err.message.includes(badYaml));
    const notList = await write('notlist', 'clusters: 3\n');
    await assert.rejects(loadKubeconfig({ path: notList }), /clusters must be a list/);
  });
});
