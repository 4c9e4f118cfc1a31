/** Tests for building the skiff kubeconfig and merging its entries into, and out of, a user's kubeconfig. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { buildKubeconfig, kubeconfigPathForMerge, mergeEntries, removeEntries, skiffEntries, type Kubeconfig } from './kubeconfig.js';

const entries = skiffEntries({ server: 'https://127.0.0.1:6443', caCertPem: 'CA PEM', clientCertPem: 'CERT PEM', clientKeyPem: 'KEY PEM' });

const userConfig = (): Kubeconfig => ({
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{ name: 'prod', cluster: { server: 'https://prod.example:443' } }],
  users: [{ name: 'me', user: { token: 'secret' } }],
  contexts: [{ name: 'prod', context: { cluster: 'prod', user: 'me', namespace: 'web' } }],
  'current-context': 'prod',
  preferences: { colors: true },
});

test('the cluster kubeconfig has cluster skiff, user skiff-admin, context skiff, with embedded base64 credentials', () => {
  const doc = parse(buildKubeconfig(entries));
  assert.equal(doc.apiVersion, 'v1');
  assert.equal(doc.kind, 'Config');
  assert.equal(doc['current-context'], 'skiff');
  assert.deepEqual(doc.clusters, [{ name: 'skiff', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': Buffer.from('CA PEM').toString('base64') } }]);
  assert.deepEqual(doc.users, [{ name: 'skiff-admin', user: { 'client-certificate-data': Buffer.from('CERT PEM').toString('base64'), 'client-key-data': Buffer.from('KEY PEM').toString('base64') } }]);
  assert.deepEqual(doc.contexts, [{ name: 'skiff', context: { cluster: 'skiff', user: 'skiff-admin' } }]);
});

test('merging keeps every other entry and setting and makes skiff current', () => {
  const merged = mergeEntries(userConfig(), entries);
  assert.deepEqual(merged.clusters?.map((c) => c.name), ['prod', 'skiff']);
  assert.deepEqual(merged.users?.map((u) => u.name), ['me', 'skiff-admin']);
  assert.deepEqual(merged.contexts?.map((c) => c.name), ['prod', 'skiff']);
  assert.deepEqual(merged.contexts?.[0], userConfig().contexts?.[0]);
  assert.deepEqual(merged.preferences, { colors: true });
  assert.equal(merged['current-context'], 'skiff');
});

test('merging twice replaces the skiff entries in place instead of adding more', () => {
  const once = mergeEntries(userConfig(), entries);
  const newer = skiffEntries({ server: 'https://127.0.0.1:7443', caCertPem: 'CA2', clientCertPem: 'C2', clientKeyPem: 'K2' });
  const twice = mergeEntries({ ...once, clusters: [...once.clusters!, { name: 'later', cluster: {} }] }, newer);
  assert.deepEqual(twice.clusters?.map((c) => c.name), ['prod', 'skiff', 'later']);
  assert.equal((twice.clusters?.[1]?.cluster as { server: string }).server, 'https://127.0.0.1:7443');
  assert.equal(twice.users?.length, 2);
});

test('removing takes out exactly the skiff entries and restores the previous context', () => {
  const { config, removed } = removeEntries(mergeEntries(userConfig(), entries), entries.cluster, 'prod');
  assert.equal(removed, true);
  assert.deepEqual(config, userConfig());
});

test('removing clears the current context when the previous one is gone, and leaves another current context alone', () => {
  const merged = mergeEntries(userConfig(), entries);
  assert.equal(removeEntries(merged, entries.cluster, 'deleted-meanwhile').config['current-context'], '');
  assert.equal(removeEntries({ ...merged, 'current-context': 'prod' }, entries.cluster, undefined).config['current-context'], 'prod');
});

test('removing leaves a skiff cluster that another `up` wrote since', () => {
  const other = skiffEntries({ server: 'https://127.0.0.1:7443', caCertPem: 'OTHER CA', clientCertPem: 'C', clientKeyPem: 'K' });
  const merged = mergeEntries(userConfig(), other);
  const { config, removed } = removeEntries(merged, entries.cluster, 'prod');
  assert.equal(removed, false);
  assert.deepEqual(config, merged);
});

test('the merge target follows kind: $KUBECONFIG alone, else its first existing file, else its last; default ~/.kube/config', () => {
  const exists = (p: string) => p === '/b' || p === '/c';
  assert.equal(kubeconfigPathForMerge({}, '/home/me', exists), '/home/me/.kube/config');
  assert.equal(kubeconfigPathForMerge({ KUBECONFIG: '' }, '/home/me', exists), '/home/me/.kube/config');
  assert.equal(kubeconfigPathForMerge({ KUBECONFIG: '/a' }, '/home/me', exists), '/a');
  assert.equal(kubeconfigPathForMerge({ KUBECONFIG: '/a:/b:/c' }, '/home/me', exists), '/b');
  assert.equal(kubeconfigPathForMerge({ KUBECONFIG: '/x::/y:/x' }, '/home/me', exists), '/y');
});
