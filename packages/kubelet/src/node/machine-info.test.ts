/** Unit tests: meminfo parsing, BinarySI formatting, capacity and allocatable, system info parsing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatBinaryQuantity, machineInfo, nodeAllocatable, nodeCapacity, parseMemTotalBytes, type MachineInfo } from './machine-info.js';
import { derivedUuid, goArch, parseOsImage, systemInfo } from './system-info.js';

const MEMINFO = 'MemTotal:        8148424 kB\nMemFree:         1234567 kB\nMemAvailable:    5000000 kB\n';

test('MemTotal is read in KiB and returned in bytes; a meminfo without it is an error', () => {
  assert.equal(parseMemTotalBytes(MEMINFO), 8148424 * 1024);
  assert.throws(() => parseMemTotalBytes('MemFree: 1 kB\n'), /MemTotal not found/);
});

test('byte counts print as canonical BinarySI quantities', () => {
  assert.equal(formatBinaryQuantity(0), '0');
  assert.equal(formatBinaryQuantity(1000), '1000');
  assert.equal(formatBinaryQuantity(8148424 * 1024), '8148424Ki');
  assert.equal(formatBinaryQuantity(8 * 1024 ** 3), '8Gi');
  assert.equal(formatBinaryQuantity(100 * 1024 ** 2), '100Mi');
  assert.throws(() => formatBinaryQuantity(-1));
});

const machine: MachineInfo = { cpus: 2, memoryBytes: 8148424 * 1024, ephemeralStorageBytes: 61202244 * 1024, maxPods: 110, hostname: 'n1' };

test('capacity lists cpu, memory, ephemeral-storage, hugepages and pods as quantity strings', () => {
  assert.deepEqual(nodeCapacity(machine), {
    cpu: '2',
    'ephemeral-storage': '61202244Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: '8148424Ki',
    pods: '110',
  });
});

test('allocatable holds back the default hard eviction thresholds (memory 100Mi, nodefs 10%) and explicit reservations', () => {
  const a = nodeAllocatable(machine);
  assert.equal(a['memory'], `${8148424 - 102400}Ki`);
  assert.equal(a['cpu'], '2');
  assert.equal(a['pods'], '110');
  const storage = 61202244 * 1024;
  assert.equal(a['ephemeral-storage'], String(storage - Math.floor(storage * 0.1)));
  const r = nodeAllocatable(machine, { cpuMillis: 250, memoryBytes: 1024 ** 3, ephemeralStorageFraction: 0 });
  assert.equal(r['cpu'], '1750m');
  assert.equal(r['memory'], `${8148424 - 1024 * 1024}Ki`);
  assert.equal(r['ephemeral-storage'], '61202244Ki');
});

test('machineInfo reads meminfo, the root dir filesystem and the CPU count', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-knode-mi-'));
  try {
    await writeFile(join(dir, 'meminfo'), MEMINFO);
    const info = await machineInfo({ rootDir: dir, meminfoPath: join(dir, 'meminfo'), hostname: 'Node-A' });
    assert.equal(info.memoryBytes, 8148424 * 1024);
    assert.equal(info.maxPods, 110);
    assert.equal(info.hostname, 'node-a');
    assert.ok(info.cpus >= 1);
    assert.ok(info.ephemeralStorageBytes > 0 && info.ephemeralStorageBytes % 1024 === 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('os-release PRETTY_NAME, GOARCH names and the derived system UUID', async () => {
  assert.equal(parseOsImage('NAME="Debian"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'), 'Debian GNU/Linux 12 (bookworm)');
  assert.equal(parseOsImage('NAME=x\n'), 'Unknown');
  assert.equal(goArch('x64'), 'amd64');
  assert.equal(goArch('arm64'), 'arm64');
  assert.match(derivedUuid('abc'), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(derivedUuid('abc'), derivedUuid('abc'));
  assert.notEqual(derivedUuid('abc'), derivedUuid('abd'));

  const dir = await mkdtemp(join(tmpdir(), 'skiff-knode-si-'));
  try {
    await writeFile(join(dir, 'machine-id'), 'e3b0c44298fc1c149afbf4c8996fb924\n');
    await writeFile(join(dir, 'boot_id'), '012ee247-6cbb-403a-b113-7df3adff99eb\n');
    await writeFile(join(dir, 'os-release'), 'PRETTY_NAME="Skiff Linux"\n');
    const paths = { machineId: join(dir, 'machine-id'), bootId: join(dir, 'boot_id'), osRelease: join(dir, 'os-release'), productUuid: join(dir, 'absent') };
    const sys = await systemInfo(paths);
    assert.equal(sys.machineID, 'e3b0c44298fc1c149afbf4c8996fb924');
    assert.equal(sys.bootID, '012ee247-6cbb-403a-b113-7df3adff99eb');
    assert.equal(sys.osImage, 'Skiff Linux');
    assert.equal(sys.operatingSystem, 'linux');
    assert.equal(sys.systemUUID, derivedUuid('skiff-system-uuid:e3b0c44298fc1c149afbf4c8996fb924'), 'no DMI: derived from the machine id');
    await writeFile(join(dir, 'product_uuid'), 'EC2C4D5E-1111-2222-3333-444455556666\n');
    assert.equal((await systemInfo({ ...paths, productUuid: join(dir, 'product_uuid') })).systemUUID, 'EC2C4D5E-1111-2222-3333-444455556666');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
