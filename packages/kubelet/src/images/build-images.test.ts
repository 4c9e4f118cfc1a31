/** Tests of buildImages with the machine's gcc and busybox: the three images' contents, stable digests, the cache, /pause itself. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImages, type BuiltImage } from './build-images.js';
import { BUSYBOX_IMAGE, HTTPD_IMAGE, LOCAL_IMAGES, PAUSE_IMAGE } from './image-names.js';
import { busyboxApplets, DEFAULT_BUSYBOX_PATH } from './busybox-rootfs.js';
import { readOciArchive, type ReadOciArchive } from './read-oci-archive.js';

let dir: string;
let images: BuiltImage[];
const read = new Map<string, ReadOciArchive>();

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-images-test-'));
  images = await buildImages(join(dir, 'first'));
  for (const image of images) read.set(image.name, await readOciArchive(await readFile(image.tarPath)));
});

after(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function archive(name: string): ReadOciArchive {
  const found = read.get(name);
  assert.ok(found, `no archive for ${name}`);
  return found;
}

function fileNames(layer: ReadOciArchive['layers'][number]): string[] {
  return layer.entries.map((entry) => entry.header.name);
}

test('buildImages returns the three images with digests that match their archives', () => {
  assert.deepEqual(images.map((image) => image.name), [...LOCAL_IMAGES]);
  for (const image of images) {
    const parts = archive(image.name);
    assert.equal(parts.index.manifests[0]?.digest, image.digest);
    assert.equal(parts.manifest.config.digest, image.imageId);
    assert.equal(parts.index.manifests[0]?.annotations?.['io.containerd.image.name'], image.name);
    assert.equal(parts.index.manifests[0]?.annotations?.['org.opencontainers.image.ref.name'], 'local');
    assert.deepEqual(parts.layers.map((layer) => layer.diffId), parts.config.rootfs.diff_ids);
  }
});

test('the pause image holds only /pause and runs it', () => {
  const pause = archive(PAUSE_IMAGE);
  assert.equal(pause.layers.length, 1);
  assert.deepEqual(fileNames(pause.layers[0]!), ['pause']);
  assert.equal(pause.layers[0]!.entries[0]!.header.mode, 0o755);
  assert.deepEqual(pause.config.config.Entrypoint, ['/pause']);
  assert.equal(pause.config.config.Cmd, undefined);
});

test('the busybox image has busybox, a /bin link per applet, users, /tmp and /www', async () => {
  const busybox = archive(BUSYBOX_IMAGE);
  assert.equal(busybox.layers.length, 1);
  const entries = new Map(busybox.layers[0]!.entries.map((entry) => [entry.header.name, entry]));
  assert.ok(entries.get('bin/busybox')!.data.equals(await readFile(DEFAULT_BUSYBOX_PATH)));
  const applets = await busyboxApplets();
  assert.ok(applets.length > 100 && applets.includes('sh') && applets.includes('httpd'));
  for (const applet of applets) {
    const link = entries.get(`bin/${applet}`);
    assert.equal(link?.header.type, 'symlink', applet);
    assert.equal(link?.header.linkname, 'busybox');
  }
  assert.equal(entries.get('tmp/')?.header.mode, 0o1777);
  const passwd = entries.get('etc/passwd')!.data.toString();
  assert.match(passwd, /^root:x:0:0:/m);
  assert.match(passwd, /^nobody:x:65534:65534:/m);
  assert.match(entries.get('etc/group')!.data.toString(), /^nobody:x:65534:/m);
  assert.equal(entries.get('www/index.html')?.data.toString(), 'hello from busybox\n');
  assert.deepEqual(busybox.config.config.Entrypoint, ['/bin/sh']);
});

test('the httpd image shares the busybox layer and runs httpd on 8080', () => {
  const httpd = archive(HTTPD_IMAGE);
  const busybox = archive(BUSYBOX_IMAGE);
  assert.equal(httpd.manifest.layers.length, 2);
  assert.equal(httpd.manifest.layers[0]?.digest, busybox.manifest.layers[0]?.digest);
  assert.deepEqual(fileNames(httpd.layers[1]!), ['www/', 'www/cgi-bin/', 'www/cgi-bin/hostname', 'www/index.html']);
  assert.equal(httpd.layers[1]!.entries[3]!.data.toString(), 'hello from httpd\n');
  assert.equal(httpd.config.config.Entrypoint, undefined);
  assert.deepEqual(httpd.config.config.Cmd, ['httpd', '-f', '-v', '-p', '8080', '-h', '/www']);
  assert.deepEqual(httpd.config.config.ExposedPorts, { '8080/tcp': {} });
  assert.deepEqual(httpd.config.config.Env, ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
});

test('a second build from scratch gives byte-identical tars', async () => {
  const again = await buildImages(join(dir, 'second'));
  assert.deepEqual(
    again.map((image) => [image.name, image.digest, image.imageId]),
    images.map((image) => [image.name, image.digest, image.imageId]),
  );
  for (const [i, image] of again.entries()) {
    assert.ok((await readFile(image.tarPath)).equals(await readFile(images[i]!.tarPath)), image.name);
  }
});

test('the cache skips compiling when inputs are unchanged and rebuilds a damaged entry', async () => {
  const count = join(dir, 'cc-count');
  const cc = join(dir, 'counting-cc');
  await writeFile(cc, `#!/bin/sh\ncase " $* " in *" -o "*) echo compile >> '${count}';; esac\nexec gcc "$@"\n`);
  await chmod(cc, 0o755);
  const compiles = async (): Promise<number> => (await readFile(count, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
  const cacheDir = join(dir, 'cache');

  const first = await buildImages(join(dir, 'c1'), { cacheDir, cc });
  assert.equal(await compiles(), 1);
  const second = await buildImages(join(dir, 'c2'), { cacheDir, cc });
  assert.equal(await compiles(), 1);
  assert.deepEqual(second.map((image) => image.digest), first.map((image) => image.digest));
  assert.deepEqual(second.map((image) => image.digest), images.map((image) => image.digest));
  assert.ok((await readFile(second[1]!.tarPath)).equals(await readFile(first[1]!.tarPath)));

  const cached = join(cacheDir, (await readdir(cacheDir))[0]!, 'busybox.tar');
  await writeFile(cached, 'truncated');
  const third = await buildImages(join(dir, 'c3'), { cacheDir, cc });
  assert.equal(await compiles(), 2);
  assert.deepEqual(third.map((image) => image.digest), first.map((image) => image.digest));
  assert.ok((await readFile(cached)).equals(await readFile(first[1]!.tarPath)));
});

/** Bits of /proc/<pid>/status SigCgt for SIGINT (2), SIGTERM (15) and SIGCHLD (17): bit n-1 for signal n. */
const PAUSE_CAUGHT_SIGNALS = (1n << 1n) | (1n << 14n) | (1n << 16n);

/** Waits until the process has installed its signal handlers; a signal before that would take the default action. */
async function caughtSignals(pid: number): Promise<bigint> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const mask = BigInt(`0x${/^SigCgt:\s*([0-9a-f]+)$/m.exec(status)?.[1] ?? '0'}`);
    if (mask !== 0n) return mask;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return 0n;
}

test('/pause catches SIGINT, SIGTERM and SIGCHLD, and exits 0 on SIGTERM and on SIGINT', async () => {
  const binary = join(dir, 'pause-bin');
  const layer = archive(PAUSE_IMAGE).layers[0]!;
  await writeFile(binary, layer.entries[0]!.data, { mode: 0o755 });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const child = spawn(binary, [], { stdio: 'ignore' });
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (code, sig) => resolve([code, sig])));
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
      assert.equal(await caughtSignals(child.pid!), PAUSE_CAUGHT_SIGNALS);
      child.kill(signal);
      assert.deepEqual(await exited, [0, null], signal);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }
});
