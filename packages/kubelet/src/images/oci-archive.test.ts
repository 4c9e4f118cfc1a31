/** Unit tests of the deterministic layer tar and the OCI layout writer, parsed back with the reader. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLayer, buildTar, normalizeEntries, sha256Digest, type TarEntry } from './layer-tar.js';
import { buildOciArchive } from './oci-archive.js';
import { readOciArchive, readTar } from './read-oci-archive.js';
import { ociArchitecture } from './oci-platform.js';
import { splitImageRef } from './image-names.js';

const ENTRIES: TarEntry[] = [
  { type: 'file', path: 'www/index.html', mode: 0o644, data: Buffer.from('hi\n') },
  { type: 'symlink', path: 'bin/sh', target: 'busybox' },
  { type: 'dir', path: 'tmp', mode: 0o1777 },
  { type: 'file', path: 'bin/busybox', mode: 0o755, data: Buffer.from('not really busybox') },
];

test('normalizeEntries sorts, adds parents before children, and rejects bad paths', () => {
  const paths = normalizeEntries(ENTRIES).map((entry) => entry.path);
  assert.deepEqual(paths, ['bin', 'bin/busybox', 'bin/sh', 'tmp', 'www', 'www/index.html']);
  assert.throws(() => normalizeEntries([{ type: 'dir', path: 'a/../b', mode: 0o755 }]), /invalid tar entry path/);
  assert.throws(() => normalizeEntries([...ENTRIES, { type: 'dir', path: './tmp/', mode: 0o755 }]), /duplicate tar entry "tmp"/);
  assert.throws(
    () => normalizeEntries([{ type: 'symlink', path: 'x', target: 'y' }, { type: 'dir', path: 'x/y', mode: 0o755 }]),
    /below non-directory "x"/,
  );
});

test('a layer tar has root-owned entries with a fixed mtime, modes and link targets kept', async () => {
  const entries = await readTar(await buildTar(ENTRIES));
  assert.deepEqual(
    entries.map((entry) => [entry.header.name, entry.header.type, entry.header.mode]),
    [
      ['bin/', 'directory', 0o755],
      ['bin/busybox', 'file', 0o755],
      ['bin/sh', 'symlink', 0o777],
      ['tmp/', 'directory', 0o1777],
      ['www/', 'directory', 0o755],
      ['www/index.html', 'file', 0o644],
    ],
  );
  for (const { header } of entries) {
    assert.equal(header.uid, 0);
    assert.equal(header.gid, 0);
    assert.equal(header.mtime?.getTime(), 0);
  }
  assert.equal(entries[2]?.header.linkname, 'busybox');
  assert.equal(entries[5]?.data.toString(), 'hi\n');
});

test('the same entries in any order give the same layer digest', async () => {
  const first = await buildLayer(ENTRIES);
  const second = await buildLayer([...ENTRIES].reverse());
  assert.equal(first.digest, second.digest);
  assert.equal(first.diffId, second.diffId);
  assert.equal(first.digest, sha256Digest(first.gzip));
  assert.notEqual(first.digest, first.diffId);
  const changed = await buildLayer([...ENTRIES.slice(1), { type: 'file', path: 'www/index.html', mode: 0o600, data: Buffer.from('hi\n') }]);
  assert.notEqual(changed.diffId, first.diffId);
});

test('an OCI archive parses back to index, manifest and config that agree with each other', async () => {
  const lower = await buildLayer(ENTRIES);
  const upper = await buildLayer([{ type: 'file', path: 'www/index.html', mode: 0o644, data: Buffer.from('upper\n') }]);
  const archive = await buildOciArchive({
    name: 'docker.io/library/example:v1',
    layers: [lower, upper],
    config: { Cmd: ['httpd'], ExposedPorts: { '8080/tcp': {} } },
  });
  const read = await readOciArchive(archive.tar);

  assert.deepEqual(read.layout, { imageLayoutVersion: '1.0.0' });
  assert.equal(read.index.schemaVersion, 2);
  assert.equal(read.index.mediaType, 'application/vnd.oci.image.index.v1+json');
  const [descriptor] = read.index.manifests;
  assert.equal(descriptor?.digest, archive.manifestDigest);
  assert.equal(descriptor?.mediaType, 'application/vnd.oci.image.manifest.v1+json');
  assert.deepEqual(descriptor?.annotations, {
    'io.containerd.image.name': 'docker.io/library/example:v1',
    'org.opencontainers.image.ref.name': 'v1',
  });
  assert.deepEqual(descriptor?.platform, { architecture: ociArchitecture(), os: 'linux' });

  assert.equal(read.manifest.schemaVersion, 2);
  assert.equal(read.manifest.mediaType, 'application/vnd.oci.image.manifest.v1+json');
  assert.equal(read.manifest.config.mediaType, 'application/vnd.oci.image.config.v1+json');
  assert.equal(read.manifest.config.digest, archive.configDigest);
  assert.deepEqual(read.manifest.layers.map((layer) => [layer.mediaType, layer.digest]), [
    ['application/vnd.oci.image.layer.v1.tar+gzip', lower.digest],
    ['application/vnd.oci.image.layer.v1.tar+gzip', upper.digest],
  ]);

  assert.equal(read.config.os, 'linux');
  assert.equal(read.config.architecture, ociArchitecture());
  assert.deepEqual(read.config.rootfs, { type: 'layers', diff_ids: [lower.diffId, upper.diffId] });
  assert.deepEqual(read.layers.map((layer) => layer.diffId), read.config.rootfs.diff_ids);
  assert.deepEqual(read.config.config, {
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    WorkingDir: '/',
    Cmd: ['httpd'],
    ExposedPorts: { '8080/tcp': {} },
  });
  assert.equal(read.layers[1]?.entries.find((entry) => entry.header.name === 'www/index.html')?.data.toString(), 'upper\n');
  assert.deepEqual(read.paths.slice(0, 2), ['blobs/', 'blobs/sha256/']);
  assert.deepEqual(read.paths.slice(-2), ['index.json', 'oci-layout']);
  assert.equal(read.paths.filter((path) => path.startsWith('blobs/sha256/') && path.length > 'blobs/sha256/'.length).length, 4);
});

test('readOciArchive rejects a blob whose bytes do not match its digest', async () => {
  const archive = await buildOciArchive({ name: 'localhost/x:1', layers: [await buildLayer(ENTRIES)], config: {} });
  const entries = await readTar(archive.tar);
  const configHex = archive.configDigest.slice('sha256:'.length);
  const tampered = await buildTar(
    entries.map(({ header, data }): TarEntry => {
      const path = header.name.replace(/\/$/, '');
      if (header.type === 'directory') return { type: 'dir', path, mode: header.mode ?? 0o755 };
      const bytes = path.endsWith(configHex) ? Buffer.from(data.toString().replace('linux', 'linuX')) : data;
      return { type: 'file', path, mode: header.mode ?? 0o644, data: bytes };
    }),
  );
  await assert.rejects(readOciArchive(tampered), /has another digest/);
});

test('image references split at the tag, not at a registry port', () => {
  assert.deepEqual(splitImageRef('docker.io/library/busybox:local'), { repository: 'docker.io/library/busybox', tag: 'local' });
  assert.deepEqual(splitImageRef('localhost:5000/pause'), { repository: 'localhost:5000/pause', tag: 'latest' });
  assert.equal(ociArchitecture('x64'), 'amd64');
  assert.equal(ociArchitecture('arm64'), 'arm64');
  assert.throws(() => ociArchitecture('pdp11'), /no OCI architecture name/);
});
