/** Integration test of RestResourceClient over TLS: a kubeconfig with the admin certificate authenticates, no certificate is 401. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isStatusError } from '@skiff/api';
import type { Pki } from '@skiff/apiserver';
import { startTestApiServer, type TestApiServer } from '@skiff/apiserver/testing';
import type { ApiObject, ResourceRef } from '../interface.js';
import { loadKubeconfig } from '../kubeconfig/index.js';
import { RestResourceClient } from './rest-resource-client.js';

const namespaces: ResourceRef = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };
const configmaps: ResourceRef = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };
/** A DNS name in the serving certificate besides 127.0.0.1, for tls-server-name. */
const SERVER_NAME = 'apiserver.skiff.test';

let api: TestApiServer;
let dir: string;
let pki: Pki;
let url: string;

before(async () => {
  api = await startTestApiServer({ tls: { hosts: ['127.0.0.1', SERVER_NAME] } });
  ({ dir, url } = api);
  pki = api.pki!;
});

after(() => api?.stop());

async function writeKubeconfig(name: string, user: string, extraCluster = ''): Promise<string> {
  const path = join(dir, name);
  // Relative paths: resolved against the kubeconfig's directory (`dir`), where pki/ lives.
  await writeFile(
    path,
    `apiVersion: v1
kind: Config
current-context: admin@skiff
clusters:
- name: skiff
  cluster:
    server: ${url}
    certificate-authority: pki/ca.crt
${extraCluster}
users:
- name: admin
  user:
${user}
contexts:
- name: admin@skiff
  context: { cluster: skiff, user: admin, namespace: tls-test }
`,
  );
  return path;
}

test('a kubeconfig with the admin client certificate can read, write and watch over TLS', async () => {
  assert.match(url, /^https:\/\//);
  const path = await writeKubeconfig('admin.kubeconfig', '    client-certificate: pki/admin.crt\n    client-key: pki/admin.key', `    tls-server-name: ${SERVER_NAME}`);
  const cfg = await loadKubeconfig({ path });
  assert.equal(cfg.namespace, 'tls-test');
  assert.equal(cfg.tlsServerName, SERVER_NAME);
  const client = RestResourceClient.fromKubeconfig(cfg);
  try {
    await client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: cfg.namespace } });
    const list = await client.list(configmaps, cfg.namespace);
    const watch = await client.watch<ApiObject & { data?: Record<string, string> }>(configmaps, cfg.namespace, { resourceVersion: list.metadata.resourceVersion! });
    try {
      await client.create(configmaps, cfg.namespace, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'over-tls' }, data: { secure: 'yes' } });
      const first = await watch[Symbol.asyncIterator]().next();
      assert.equal(first.done, false);
      assert.equal(first.value.type, 'ADDED');
      assert.deepEqual(first.value.object.data, { secure: 'yes' });
    } finally {
      watch.stop();
    }
    const got = await client.get<ApiObject & { data?: Record<string, string> }>(configmaps, cfg.namespace, 'over-tls');
    assert.deepEqual(got.data, { secure: 'yes' });
  } finally {
    await client.close();
  }
});

test('inline certificate data works the same', async () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const path = await writeKubeconfig('inline.kubeconfig', `    client-certificate-data: ${b64(pki.adminCertPem)}\n    client-key-data: ${b64(pki.adminKeyPem)}`);
  const client = RestResourceClient.fromKubeconfig(await loadKubeconfig({ path }));
  try {
    const ns = await client.get(namespaces, undefined, 'default');
    assert.equal(ns.metadata?.name, 'default');
  } finally {
    await client.close();
  }
});

test('a client without a certificate is Unauthorized (401)', async () => {
  const path = await writeKubeconfig('anonymous.kubeconfig', '    {}');
  const cfg = await loadKubeconfig({ path });
  assert.equal(cfg.cert, undefined);
  const client = RestResourceClient.fromKubeconfig(cfg);
  try {
    await assert.rejects(client.list(configmaps, 'default'), (err: unknown) => isStatusError(err) && err.reason === 'Unauthorized' && err.code === 401);
    await assert.rejects(client.watch(configmaps, 'default'), (err: unknown) => isStatusError(err) && err.reason === 'Unauthorized' && err.code === 401);
  } finally {
    await client.close();
  }
});

test('the server certificate is verified: unknown CA or wrong server name fail to connect', async () => {
  const noCa = new RestResourceClient({ server: url, cert: pki.adminCertPem, key: pki.adminKeyPem });
  const wrongName = new RestResourceClient({ server: url, ca: pki.caCertPem, cert: pki.adminCertPem, key: pki.adminKeyPem, tlsServerName: 'not-in-the-cert.test' });
  try {
    await assert.rejects(noCa.get(namespaces, undefined, 'default'), (err: unknown) => isStatusError(err) && err.reason === 'ServiceUnavailable' && /certificate/i.test(err.message));
    await assert.rejects(wrongName.get(namespaces, undefined, 'default'), (err: unknown) => isStatusError(err) && err.reason === 'ServiceUnavailable' && /not-in-the-cert\.test/.test(err.message));
  } finally {
    await noCa.close();
    await wrongName.close();
  }
  const insecure = new RestResourceClient({ server: url, insecureSkipTLSVerify: true, cert: pki.adminCertPem, key: pki.adminKeyPem });
  try {
    assert.equal((await insecure.get(namespaces, undefined, 'default')).metadata?.name, 'default');
  } finally {
    await insecure.close();
  }
});
