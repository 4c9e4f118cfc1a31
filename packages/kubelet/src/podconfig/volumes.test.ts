/** Tests of volumes on disk: configMap/secret/downwardAPI/projected files and modes, atomic updates, emptyDir (tmpfs), hostPath types, mounts, /etc/hosts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Container, Volume } from 'kubernetes-types/core/v1.js';
import { mountsUnder } from '../containerd/mounts.js';
import { ContainerConfigError } from './config-error.js';
import { etcHostsContent, writeEtcHosts } from './etc-hosts.js';
import { checkHostPathType } from './host-path.js';
import { containerMounts } from './mounts.js';
import { fakeSources, testPod, withResources } from './test-fixtures.js';
import { VolumeSetupError } from './volume-error.js';
import { preparePodVolumes, refreshPodVolumes, teardownPodVolumes } from './volumes.js';

async function inDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-kconfig-'));
  try {
    return await fn(dir);
  } finally {
    await teardownPodVolumes(dir);
    await rm(dir, { recursive: true, force: true });
  }
}

const modeOf = async (p: string) => (await stat(p)).mode & 0o777;

test('configMap volume: all keys, items with paths and modes, defaultMode, ..data links', () =>
  inDir(async (podDir) => {
    const src = fakeSources({ 'shop/cfg': { a: 'A', b: 'B', c: 'C' } });
    const vols: Volume[] = [
      { name: 'all', configMap: { name: 'cfg' } },
      { name: 'some', configMap: { name: 'cfg', defaultMode: 0o600, items: [{ key: 'a', path: 'dir/a.txt' }, { key: 'b', path: 'b.txt', mode: 0o400 }] } },
    ];
    const paths = await preparePodVolumes(testPod({ volumes: vols }), podDir, src);
    const all = join(podDir, 'volumes/kubernetes.io~configmap/all');
    assert.equal(paths.get('all'), all);
    assert.equal(await readFile(join(all, 'a'), 'utf8'), 'A');
    assert.equal(await modeOf(join(all, 'c')), 0o644);
    assert.ok((await lstat(join(all, 'a'))).isSymbolicLink());
    assert.equal(await readlink(join(all, 'a')), '..data/a');
    assert.match(await readlink(join(all, '..data')), /^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\./);
    const some = paths.get('some')!;
    assert.deepEqual((await readdir(some)).filter((n) => !n.startsWith('..')).sort(), ['b.txt', 'dir']);
    assert.equal(await readFile(join(some, 'dir/a.txt'), 'utf8'), 'A');
    assert.equal(await modeOf(join(some, 'dir/a.txt')), 0o600);
    assert.equal(await modeOf(join(some, 'b.txt')), 0o400);
  }));

test('atomic update: refresh rewrites only on change, swaps ..data, drops removed keys and the old dir', () =>
  inDir(async (podDir) => {
    const src = fakeSources({ 'shop/cfg': { a: 'A', b: 'B' } });
    const pod = testPod({ volumes: [{ name: 'v', configMap: { name: 'cfg' } }] });
    await preparePodVolumes(pod, podDir, src);
    const dir = join(podDir, 'volumes/kubernetes.io~configmap/v');
    const ts1 = await readlink(join(dir, '..data'));
    assert.deepEqual(await refreshPodVolumes(pod, podDir, src), [], 'no change, no write');
    assert.equal(await readlink(join(dir, '..data')), ts1);
    src.cms['shop/cfg'] = { a: 'A2', c: 'C' };
    assert.deepEqual(await refreshPodVolumes(pod, podDir, src), ['v']);
    const ts2 = await readlink(join(dir, '..data'));
    assert.notEqual(ts2, ts1);
    assert.equal(existsSync(join(dir, ts1)), false, 'old timestamp dir removed');
    assert.equal(await readFile(join(dir, 'a'), 'utf8'), 'A2');
    assert.equal(await readFile(join(dir, 'c'), 'utf8'), 'C');
    assert.equal(existsSync(join(dir, 'b')), false, 'removed key link gone');
    assert.deepEqual((await readdir(dir)).sort(), [ts2, '..data', 'a', 'c'].sort());
  }));

test('missing sources and keys: errors unless optional', () =>
  inDir(async (podDir) => {
    const src = fakeSources({ 'shop/cfg': { a: 'A' } });
    const run = (v: Volume) => preparePodVolumes(testPod({ volumes: [v] }), podDir, src);
    await assert.rejects(run({ name: 'x', configMap: { name: 'gone' } }), (e: unknown) => e instanceof VolumeSetupError && e.message === 'MountVolume.SetUp failed for volume "x" : configmap "gone" not found');
    await assert.rejects(run({ name: 'y', configMap: { name: 'cfg', items: [{ key: 'nope', path: 'n' }] } }), { message: /configmap references non-existent config key: nope/ });
    await assert.rejects(run({ name: 'z', secret: { secretName: 'gone' } }), { message: /secret "gone" not found/ });
    const ok = await run({ name: 'o', configMap: { name: 'gone', optional: true } });
    assert.deepEqual((await readdir(ok.get('o')!)).filter((n) => !n.startsWith('..')), [], 'optional and missing: an empty volume');
    assert.ok(existsSync(join(ok.get('o')!, '..data')));
    const partial = await run({ name: 'p', configMap: { name: 'cfg', optional: true, items: [{ key: 'a', path: 'a' }, { key: 'nope', path: 'n' }] } });
    assert.equal(existsSync(join(partial.get('p')!, 'n')), false);
    assert.equal(await readFile(join(partial.get('p')!, 'a'), 'utf8'), 'A');
  }));

test('secret, downwardAPI and projected volumes', () =>
  inDir(async (podDir) => {
    const src = fakeSources({ 'shop/cfg': { color: 'blue' } }, { 'shop/sec': { password: 's3cret' } });
    const c = withResources({ name: 'app', image: 'x' }, undefined, { memory: '64Mi' });
    const pod = testPod({
      containers: [c],
      volumes: [
        { name: 's', secret: { secretName: 'sec', defaultMode: 0o400 } },
        {
          name: 'd',
          downwardAPI: {
            items: [
              { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
              { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
              { path: 'mem', resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' } },
            ],
          },
        },
        {
          name: 'p',
          projected: {
            defaultMode: 0o440,
            sources: [
              { configMap: { name: 'cfg' } },
              { secret: { name: 'sec', items: [{ key: 'password', path: 'creds/pw', mode: 0o400 }] } },
              { downwardAPI: { items: [{ path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
              { serviceAccountToken: { path: 'token' } },
            ],
          },
        },
      ],
    });
    const paths = await preparePodVolumes(pod, podDir, src);
    assert.equal(paths.get('s'), join(podDir, 'volumes/kubernetes.io~secret/s'));
    assert.equal(await readFile(join(paths.get('s')!, 'password'), 'utf8'), 's3cret');
    assert.equal(await modeOf(join(paths.get('s')!, 'password')), 0o400);
    const d = paths.get('d')!;
    assert.equal(d, join(podDir, 'volumes/kubernetes.io~downward-api/d'));
    assert.equal(await readFile(join(d, 'labels'), 'utf8'), 'app="web"');
    assert.equal(await readFile(join(d, 'name'), 'utf8'), 'web');
    assert.equal(await readFile(join(d, 'mem'), 'utf8'), '64');
    const p = paths.get('p')!;
    assert.equal(p, join(podDir, 'volumes/kubernetes.io~projected/p'));
    assert.equal(await readFile(join(p, 'color'), 'utf8'), 'blue');
    assert.equal(await modeOf(join(p, 'color')), 0o440);
    assert.equal(await readFile(join(p, 'creds/pw'), 'utf8'), 's3cret');
    assert.equal(await modeOf(join(p, 'creds/pw')), 0o400);
    assert.equal(await readFile(join(p, 'ns'), 'utf8'), 'shop');
    assert.equal(existsSync(join(p, 'token')), false, 'service account tokens are not written yet');
    assert.deepEqual((await mountsUnder(podDir)).sort(), [paths.get('p')!, paths.get('s')!].sort(), 'secret and projected volumes are tmpfs');
    assert.deepEqual(await refreshPodVolumes(pod, podDir, src), [], 'a second set-up neither mounts again nor rewrites');
    assert.equal((await mountsUnder(podDir)).length, 2);
    assert.deepEqual(await teardownPodVolumes(podDir), []);
    assert.deepEqual(await mountsUnder(podDir), []);
  }));

test('emptyDir: a directory, or a tmpfs with sizeLimit for medium Memory, unmounted by teardown', () =>
  inDir(async (podDir) => {
    const pod = testPod({ volumes: [{ name: 'scratch', emptyDir: {} }, { name: 'mem', emptyDir: { medium: 'Memory', sizeLimit: '8Mi' } }] });
    const paths = await preparePodVolumes(pod, podDir, fakeSources());
    assert.equal(paths.get('scratch'), join(podDir, 'volumes/kubernetes.io~empty-dir/scratch'));
    assert.equal(await modeOf(paths.get('scratch')!), 0o777);
    const mem = paths.get('mem')!;
    const info = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').find((l) => l.split(' ')[4] === mem) ?? '';
    assert.match(info, / - tmpfs tmpfs .*size=8192k/);
    assert.equal(await modeOf(mem), 0o777);
    await preparePodVolumes(pod, podDir, fakeSources());
    assert.deepEqual(await mountsUnder(podDir), [mem], 'idempotent: mounted once');
    assert.deepEqual(await teardownPodVolumes(podDir), []);
    assert.deepEqual(await mountsUnder(podDir), []);
    assert.equal(existsSync(join(podDir, 'volumes')), false);
  }));

test('hostPath type checks', () =>
  inDir(async (dir) => {
    const file = join(dir, 'f');
    await writeFile(file, 'x');
    await checkHostPathType(join(dir, 'anything'), undefined);
    await checkHostPathType(dir, 'Directory');
    await assert.rejects(checkHostPathType(file, 'Directory'), { message: `hostPath type check failed: ${file} is not a directory` });
    await assert.rejects(checkHostPathType(join(dir, 'missing'), 'Directory'), { message: /is not a directory/ });
    await checkHostPathType(join(dir, 'made/deep'), 'DirectoryOrCreate');
    assert.ok((await stat(join(dir, 'made/deep'))).isDirectory());
    await assert.rejects(checkHostPathType(file, 'DirectoryOrCreate'), { message: /is not a directory/ });
    await checkHostPathType(file, 'File');
    await assert.rejects(checkHostPathType(dir, 'File'), { message: `hostPath type check failed: ${dir} is not a file` });
    await checkHostPathType(join(dir, 'new-file'), 'FileOrCreate');
    assert.ok((await stat(join(dir, 'new-file'))).isFile());
    assert.equal(await modeOf(join(dir, 'new-file')), 0o644);
    await assert.rejects(checkHostPathType(join(dir, 'no-parent/f'), 'FileOrCreate'), { message: /hostPath type check failed/ });
    await checkHostPathType('/dev/null', 'CharDevice');
    await assert.rejects(checkHostPathType(file, 'CharDevice'), { message: /is not a character device/ });
    await assert.rejects(checkHostPathType(file, 'Socket'), { message: /is not a socket file/ });
    await assert.rejects(checkHostPathType('/dev/null', 'BlockDevice'), { message: /is not a block device/ });
    await assert.rejects(
      preparePodVolumes(testPod({ volumes: [{ name: 'h', hostPath: { path: file, type: 'Directory' } }] }), dir, fakeSources()),
      (e: unknown) => e instanceof VolumeSetupError && e.message === `MountVolume.SetUp failed for volume "h" : hostPath type check failed: ${file} is not a directory`,
    );
  }));

test('container mounts: read-only rules, propagation, subPath, subPathExpr, unknown volumes', () =>
  inDir(async (podDir) => {
    const host = join(podDir, 'host');
    await mkdir(host);
    const pod = testPod({
      volumes: [
        { name: 'cfg', configMap: { name: 'cfg' } },
        { name: 'data', emptyDir: {} },
        { name: 'h', hostPath: { path: host } },
      ],
    });
    await preparePodVolumes(pod, podDir, fakeSources({ 'shop/cfg': { 'app.conf': 'x=1' } }));
    const c: Container = {
      name: 'app',
      volumeMounts: [
        { name: 'cfg', mountPath: '/etc/app' },
        { name: 'cfg', mountPath: '/etc/app.conf', subPath: 'app.conf' },
        { name: 'data', mountPath: '/data', readOnly: true },
        { name: 'data', mountPath: '/logs', subPathExpr: '$(POD_NAME)/logs' },
        { name: 'h', mountPath: '/host', mountPropagation: 'HostToContainer' },
        { name: 'h', mountPath: '/host2', mountPropagation: 'Bidirectional' },
      ],
    };
    const m = await containerMounts(pod, c, podDir, { env: [{ name: 'POD_NAME', value: 'web' }] });
    const cfgDir = join(podDir, 'volumes/kubernetes.io~configmap/cfg');
    const dataDir = join(podDir, 'volumes/kubernetes.io~empty-dir/data');
    assert.deepEqual(
      m.map((x) => [x.container_path, x.host_path, x.readonly, x.propagation]),
      [
        ['/etc/app', cfgDir, true, 'PROPAGATION_PRIVATE'],
        ['/etc/app.conf', join(cfgDir, 'app.conf'), true, 'PROPAGATION_PRIVATE'],
        ['/data', dataDir, true, 'PROPAGATION_PRIVATE'],
        ['/logs', join(dataDir, 'web/logs'), false, 'PROPAGATION_PRIVATE'],
        ['/host', host, false, 'PROPAGATION_HOST_TO_CONTAINER'],
        ['/host2', host, false, 'PROPAGATION_BIDIRECTIONAL'],
      ],
    );
    assert.ok(m.every((x) => x.selinux_relabel === false));
    assert.ok((await stat(join(dataDir, 'web/logs'))).isDirectory(), 'subPath dir created');
    await assert.rejects(containerMounts(pod, { name: 'a', volumeMounts: [{ name: 'data', mountPath: '/x', subPath: '../escape' }] }, podDir), ContainerConfigError);
    await assert.rejects(containerMounts(pod, { name: 'a', volumeMounts: [{ name: 'data', mountPath: '/x', subPath: '/abs' }] }, podDir), ContainerConfigError);
    await assert.rejects(containerMounts(pod, { name: 'a', volumeMounts: [{ name: 'nope', mountPath: '/x' }] }, podDir), ContainerConfigError);
  }));

test('/etc/hosts content: localhost entries, pod IPs with FQDN, hostAliases; host network copies the node file', () =>
  inDir(async (podDir) => {
    const path = await writeEtcHosts(podDir, ['10.244.1.5'], 'web', [{ ip: '1.2.3.4', hostnames: ['foo.local', 'bar.local'] }], { domain: 'sub.shop.svc.cluster.local' });
    assert.equal(path, join(podDir, 'etc-hosts'));
    assert.equal(
      await readFile(path, 'utf8'),
      '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\n' +
        'fe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n10.244.1.5\tweb.sub.shop.svc.cluster.local\tweb\n\n# Entries added by HostAliases.\n1.2.3.4\tfoo.local\tbar.local\n',
    );
    assert.match(etcHostsContent(['10.244.1.6'], 'db'), /\n10\.244\.1\.6\tdb\n$/);
    assert.equal(etcHostsContent([], 'x', [], { hostNetwork: true }, '127.0.0.1 localhost node-a'), '# Kubernetes-managed hosts file (host network).\n127.0.0.1 localhost node-a\n');
  }));
