/** Tests for merging the skiff entries into a kubeconfig file on disk and taking them out again. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { mergeIntoKubeconfigFile, removeFromKubeconfigFile } from './kubeconfig-file.js';
import { skiffEntries } from './kubeconfig.js';

const entries = skiffEntries({ server: 'https://127.0.0.1:6443', caCertPem: 'CA', clientCertPem: 'CERT', clientKeyPem: 'KEY' });

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-kubeconfig-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('merging into a missing file creates it (and its folder) owner-only', () =>
  withDir(async (dir) => {
    const path = join(dir, '.kube', 'config');
    assert.deepEqual(await mergeIntoKubeconfigFile(path, entries), { previousContext: undefined });
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal((await stat(join(dir, '.kube'))).mode & 0o777, 0o700);
    assert.equal(parse(await readFile(path, 'utf8'))['current-context'], 'skiff');
  }));

test('merge then remove gives back the user\'s entries and current context', () =>
  withDir(async (dir) => {
    const path = join(dir, 'config');
    const original = 'apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://prod.example\ncontexts:\n- name: prod\n  context:\n    cluster: prod\n    user: me\ncurrent-context: prod\nusers:\n- name: me\n  user:\n    token: t\n';
    await writeFile(path, original);
    const { previousContext } = await mergeIntoKubeconfigFile(path, entries);
    assert.equal(previousContext, 'prod');
    const merged = parse(await readFile(path, 'utf8'));
    assert.deepEqual(merged.contexts.map((c: { name: string }) => c.name), ['prod', 'skiff']);
    assert.equal(await removeFromKubeconfigFile(path, entries.cluster, previousContext), true);
    assert.deepEqual(parse(await readFile(path, 'utf8')), { ...parse(original), preferences: {} });
  }));

test('a file that is not YAML is reported and left untouched', () =>
  withDir(async (dir) => {
    const path = join(dir, 'config');
    await writeFile(path, 'clusters: [unclosed\n');
    await assert.rejects(mergeIntoKubeconfigFile(path, entries), /not valid YAML, so it was left alone/);
    assert.equal(await readFile(path, 'utf8'), 'clusters: [unclosed\n');
  }));

test('removing from a missing file is a no-op', () =>
  withDir(async (dir) => {
    assert.equal(await removeFromKubeconfigFile(join(dir, 'none'), entries.cluster), false);
  }));
