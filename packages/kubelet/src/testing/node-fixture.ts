/** Test fixture of the kubelet's containerd integration tests: the images built once per file, and the host's ip_forward kept as it was. */
import { after, before } from 'node:test';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImages, importImages, type BuiltImage } from '../images/index.js';

const IP_FORWARD = '/proc/sys/net/ipv4/ip_forward';

export interface NodeFixture {
  /** The three local images, built before the file's tests run. */
  images(): BuiltImage[];
  /** Imports the named images into a test node's containerd. */
  importInto(socket: string, names: readonly string[]): Promise<void>;
}

/**
 * Registers the file's before/after hooks: builds the images into a temp dir, and afterwards deletes it and puts the
 * host's ip_forward back (the CNI bridge plugin turns it on in the netns containerd runs in: the host's in these tests).
 */
export function nodeTestFixture(label: string): NodeFixture {
  let dir = '';
  let images: BuiltImage[] = [];
  let ipForwardBefore = '';
  before(async () => {
    ipForwardBefore = await readFile(IP_FORWARD, 'utf8');
    dir = await mkdtemp(join(tmpdir(), `skiff-${label}-images-`));
    images = await buildImages(dir);
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    if (ipForwardBefore && (await readFile(IP_FORWARD, 'utf8')) !== ipForwardBefore) await writeFile(IP_FORWARD, ipForwardBefore);
  });
  return {
    images: () => images,
    importInto: (socket, names) => importImages(socket, images.filter((i) => names.includes(i.name)).map((i) => i.tarPath)),
  };
}
