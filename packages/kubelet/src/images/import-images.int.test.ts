/** Integration test: a throwaway containerd imports the three local images, which then list and check complete in k8s.io. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cleanupNodeRuntime, startContainerd } from '../containerd/index.js';
import { buildImages } from './build-images.js';
import { importImages } from './import-images.js';
import { LOCAL_IMAGES, PAUSE_IMAGE } from './image-names.js';

const run = promisify(execFile);

test('imported images list in k8s.io with their digests and check complete', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-images-ctd-'));
  let pid: number | undefined;
  try {
    const images = await buildImages(join(dir, 'images'));
    const containerd = await startContainerd({ dir: join(dir, 'node'), sandboxImage: PAUSE_IMAGE });
    pid = containerd.pid;
    const socket = containerd.socket;

    await importImages(socket, images.map((image) => image.tarPath));

    const ctr = async (...args: string[]): Promise<string> => (await run('ctr', ['-a', socket, '-n', 'k8s.io', ...args])).stdout;
    // CRI adds a `sha256:<config digest>` reference per image on its own: the image id ImageStatus reports.
    const expectedRefs = [...LOCAL_IMAGES, ...images.map((image) => image.imageId)].sort();
    assert.deepEqual((await ctr('images', 'ls', '-q')).split('\n').filter(Boolean).sort(), expectedRefs);

    // `images ls`: REF TYPE DIGEST SIZE PLATFORMS LABELS; the digest is the manifest's.
    const listed = new Map(
      (await ctr('images', 'ls')).split('\n').slice(1).filter(Boolean).map((line) => {
        const [ref, type, digest] = line.split(/\s+/);
        return [ref, { type, digest }];
      }),
    );
    for (const image of images) {
      assert.deepEqual(listed.get(image.name), { type: 'application/vnd.oci.image.manifest.v1+json', digest: image.digest });
    }

    // `images check`: REF TYPE DIGEST STATUS SIZE UNPACKED; every blob present and the image unpacked.
    const checked = (await ctr('images', 'check')).split('\n').slice(1).filter(Boolean);
    assert.equal(checked.length, expectedRefs.length);
    for (const image of images) {
      const line = checked.find((row) => row.startsWith(`${image.name} `));
      assert.ok(line, `images check has no ${image.name}`);
      assert.match(line, /\scomplete \((\d+)\/\1\)\s/);
      assert.match(line, /\strue\s*$/);
    }

    // Importing again is harmless: same names, same digests.
    await importImages(socket, images.map((image) => image.tarPath));
    assert.deepEqual((await ctr('images', 'ls', '-q')).split('\n').filter(Boolean).sort(), expectedRefs);

    await assert.rejects(importImages(socket, [join(dir, 'missing.tar')]), /importing .*missing\.tar into containerd/);
  } finally {
    const report = await cleanupNodeRuntime({ dir: join(dir, 'node'), ...(pid !== undefined ? { pid } : {}) });
    await rm(dir, { recursive: true, force: true });
    assert.deepEqual(report.errors, []);
  }
});
