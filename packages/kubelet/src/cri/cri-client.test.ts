/** Unit tests of the CRI client that need no runtime: the proto subset, error mapping, argument checks, a dead socket. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CriClient } from './cri-client.js';
import { CriError, GrpcStatus, isCriNotFound, isCriUnavailable } from './cri-error.js';
import { criServices } from './proto.js';

test('the proto subset loads with every call the kubelet makes', () => {
  const { runtime, image } = criServices();
  for (const m of ['Version', 'Status', 'RunPodSandbox', 'StopPodSandbox', 'RemovePodSandbox', 'PodSandboxStatus', 'ListPodSandbox', 'CreateContainer', 'StartContainer', 'StopContainer', 'RemoveContainer', 'ListContainers', 'ContainerStatus', 'UpdateContainerResources', 'ReopenContainerLog', 'ExecSync', 'Exec', 'PortForward', 'ContainerStats', 'ListContainerStats']) {
    assert.equal(runtime[m]?.path, `/runtime.v1.RuntimeService/${m}`);
  }
  for (const m of ['ListImages', 'ImageStatus', 'PullImage', 'RemoveImage', 'ImageFsInfo']) assert.equal(image[m]?.path, `/runtime.v1.ImageService/${m}`);
});

test('messages round-trip with snake_case fields, int64 as strings and string env values', () => {
  const def = criServices().runtime['CreateContainer']!;
  const req = {
    pod_sandbox_id: 'abc',
    config: { metadata: { name: 'c', attempt: 2 }, envs: [{ key: 'FOO', value: 'bar' }], linux: { resources: { memory_limit_in_bytes: '9007199254740993', cpu_quota: 50000 } } },
    sandbox_config: { metadata: { name: 'p', uid: 'u', namespace: 'default', attempt: 0 } },
  };
  const decoded = def.requestDeserialize(def.requestSerialize(req)) as any;
  assert.equal(decoded.pod_sandbox_id, 'abc');
  assert.deepEqual(decoded.config.envs, [{ key: 'FOO', value: 'bar' }]);
  assert.equal(decoded.config.linux.resources.memory_limit_in_bytes, '9007199254740993');
  assert.equal(decoded.config.linux.resources.cpu_quota, '50000');
  assert.equal(decoded.config.metadata.attempt, 2);
  assert.equal(decoded.config.linux.security_context, null, 'unset messages decode as null');
  assert.equal(decoded.config.tty, false, 'unset scalars decode as defaults');
});

test('CriError keeps the gRPC code and details', () => {
  const err = CriError.from('PodSandboxStatus', Object.assign(new Error('x'), { code: 5, details: 'an error occurred when try to find sandbox "x": not found' }));
  assert.equal(err.code, GrpcStatus.NOT_FOUND);
  assert.equal(err.codeName, 'NOT_FOUND');
  assert.equal(err.method, 'PodSandboxStatus');
  assert.ok(isCriNotFound(err));
  assert.ok(!isCriUnavailable(err));
  assert.match(err.message, /^PodSandboxStatus: NOT_FOUND: an error occurred/);
  assert.equal(CriError.from('X', new Error('boom')).code, GrpcStatus.UNKNOWN);
});

test('a socket nobody serves fails fast with UNAVAILABLE; CreateContainer without sandbox_config is refused locally', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-cri-unit-'));
  const cri = new CriClient(join(dir, 'nothing.sock'));
  try {
    await assert.rejects(cri.version(), (err) => isCriUnavailable(err));
    await assert.rejects(
      cri.createContainer({ pod_sandbox_id: 'x', config: { metadata: { name: 'c' } } }),
      (err) => err instanceof CriError && err.code === GrpcStatus.INVALID_ARGUMENT,
    );
  } finally {
    cri.close();
    await rm(dir, { recursive: true, force: true });
  }
});
