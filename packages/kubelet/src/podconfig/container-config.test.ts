/** Tests of the container config: command/args expansion, env, mounts, logs, labels, annotations, resources and security context. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Container } from 'kubernetes-types/core/v1.js';
import { ContainerConfigError } from './config-error.js';
import { buildContainerConfig, containerHash } from './container-config.js';
import { writeEtcHosts } from './etc-hosts.js';
import { fakeSources, testPod, withResources } from './test-fixtures.js';

const GI = 1024n ** 3n;

async function inPodDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-kconfig-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('container config shape: command/args expansion, env, log path, labels, annotations, resources', () =>
  inPodDir(async (podDir) => {
    const c: Container = {
      ...withResources({ name: 'app', image: 'busybox' }, { cpu: '100m', memory: '32Mi' }, { cpu: '200m', memory: '64Mi' }),
      command: ['sh', '-c', 'echo $(GREETING) $$(GREETING) $(MISSING)'],
      args: ['$(COLOR)'],
      workingDir: '/tmp',
      env: [{ name: 'GREETING', value: 'hello' }, { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'COLOR' } } }],
      ports: [{ containerPort: 80 }],
      tty: true,
      stdin: true,
    };
    const pod = testPod({ containers: [c], terminationGracePeriodSeconds: 5 });
    const { config, terminationMessageFile } = await buildContainerConfig(pod, c, {
      attempt: 3,
      podDir,
      imageRef: 'sha256:abc',
      envSources: fakeSources({ 'shop/cfg': { COLOR: 'red' } }),
      memoryCapacityBytes: 4n * GI,
      terminationMessageId: 'deadbeef',
    });
    assert.deepEqual(config.metadata, { name: 'app', attempt: 3 });
    assert.deepEqual(config.image, { image: 'sha256:abc' });
    assert.deepEqual(config.command, ['sh', '-c', 'echo hello $(GREETING) $(MISSING)']);
    assert.deepEqual(config.args, ['red']);
    assert.equal(config.working_dir, '/tmp');
    assert.deepEqual(config.envs, [{ key: 'GREETING', value: 'hello' }, { key: 'COLOR', value: 'red' }]);
    assert.equal(config.log_path, 'app/3.log');
    assert.equal(config.tty, true);
    assert.equal(config.stdin, true);
    assert.equal(config.stdin_once, false);
    assert.deepEqual(config.labels, { 'io.kubernetes.container.name': 'app', 'io.kubernetes.pod.name': 'web', 'io.kubernetes.pod.namespace': 'shop', 'io.kubernetes.pod.uid': '1111-2222' });
    assert.equal(config.annotations?.['io.kubernetes.container.hash'], containerHash(c));
    assert.equal(config.annotations?.['io.kubernetes.container.restartCount'], '3');
    assert.equal(config.annotations?.['io.kubernetes.container.terminationMessagePath'], '/dev/termination-log');
    assert.equal(config.annotations?.['io.kubernetes.container.terminationMessagePolicy'], 'File');
    assert.equal(config.annotations?.['io.kubernetes.pod.terminationGracePeriod'], '5');
    assert.deepEqual(JSON.parse(config.annotations?.['io.kubernetes.container.ports'] ?? ''), [{ containerPort: 80 }]);
    const r = config.linux?.resources;
    assert.equal(r?.cpu_shares, 102);
    assert.equal(r?.cpu_quota, 20_000);
    assert.equal(r?.cpu_period, 100_000);
    assert.equal(r?.memory_limit_in_bytes, String(64 * 1024 * 1024));
    assert.equal(r?.oom_score_adj, 1000 - Math.floor((1000 * 32) / 4096));
    assert.equal(terminationMessageFile, join(podDir, 'containers', 'app', 'deadbeef'));
    assert.equal(statSync(terminationMessageFile).mode & 0o777, 0o666);
    assert.deepEqual(config.mounts, [
      { container_path: '/dev/termination-log', host_path: terminationMessageFile, readonly: false, selinux_relabel: false, propagation: 'PROPAGATION_PRIVATE' },
    ]);
    assert.notEqual(containerHash({ ...c, image: 'other' }), containerHash(c));
  }));

test('security context: container over pod, namespaces, masked paths', () =>
  inPodDir(async (podDir) => {
    const c: Container = {
      name: 'app',
      securityContext: { runAsUser: 2000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] } },
    };
    const pod = testPod({ containers: [c], shareProcessNamespace: true, securityContext: { runAsUser: 1000, runAsGroup: 3000, supplementalGroups: [4000] } });
    const { config } = await buildContainerConfig(pod, c, { attempt: 0, podDir, imageRef: 'busybox', envSources: fakeSources() });
    const sc = config.linux?.security_context;
    assert.deepEqual(sc?.run_as_user, { value: 2000 });
    assert.deepEqual(sc?.run_as_group, { value: 3000 });
    assert.equal(sc?.readonly_rootfs, true);
    assert.equal(sc?.privileged, false);
    assert.equal(sc?.no_new_privs, true);
    assert.deepEqual(sc?.capabilities, { add_capabilities: ['NET_ADMIN'], drop_capabilities: ['ALL'] });
    assert.deepEqual(sc?.supplemental_groups, [4000]);
    assert.deepEqual(sc?.namespace_options, { network: 'POD', pid: 'POD', ipc: 'POD' });
    assert.ok(sc?.masked_paths?.includes('/proc/kcore'));
    const priv: Container = { name: 'p', securityContext: { privileged: true } };
    const p = await buildContainerConfig(testPod({ containers: [priv] }), priv, { attempt: 0, podDir, imageRef: 'busybox', envSources: fakeSources() });
    assert.equal(p.config.linux?.security_context?.privileged, true);
    assert.deepEqual(p.config.linux?.security_context?.masked_paths, []);
    assert.equal(p.config.linux?.security_context?.namespace_options?.pid, 'CONTAINER');
  }));

test('an env error stops the config with a ContainerConfigError; /etc/hosts is mounted once written', () =>
  inPodDir(async (podDir) => {
    const bad: Container = { name: 'app', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'K' } } }] };
    await assert.rejects(buildContainerConfig(testPod({ containers: [bad] }), bad, { attempt: 0, podDir, imageRef: 'busybox', envSources: fakeSources() }), (e: unknown) => {
      return e instanceof ContainerConfigError && e.message === 'configmap "cfg" not found';
    });
    await writeEtcHosts(podDir, '10.244.1.5', 'web');
    const ok: Container = { name: 'app', terminationMessagePath: '' };
    const { config, terminationMessageFile } = await buildContainerConfig(testPod({ containers: [ok] }), ok, { attempt: 0, podDir, imageRef: 'busybox', envSources: fakeSources() });
    assert.equal(terminationMessageFile, '');
    assert.deepEqual(config.mounts, [{ container_path: '/etc/hosts', host_path: join(podDir, 'etc-hosts'), readonly: false, selinux_relabel: false, propagation: 'PROPAGATION_PRIVATE' }]);
    assert.equal(existsSync(join(podDir, 'containers')), false);
  }));
