/** Integration test: NodeAgent against a real API server and a real containerd — registration shape, Lease renewal, NotReady→Ready once podCIDR is set, re-registration. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestApiServer, type TestApiServer } from '@skiff/apiserver/testing';
import { RestResourceClient } from '@skiff/client';
import { LEASES, type LeaseObject } from '@skiff/runtime';
import { CriClient } from '../cri/index.js';
import { cleanupNodeRuntime, CNI_CONFLIST_NAME, containerdPaths, startContainerd } from '../containerd/index.js';
import { leftovers, testNodeNames } from '../containerd/testing-node.js';
import { BUSYBOX_IMAGE, PAUSE_IMAGE } from '../images/index.js';
import { NodeAgent } from './node-agent.js';
import { NODE_LEASE_NAMESPACE } from './node-lease.js';
import { NODES, type NodeObject } from './node-object.js';
import { nodeTestFixture } from '../testing/node-fixture.js';
import { eventually as pollUntil } from '@skiff/runtime/testing';

/** Generous bound for things that happen within about a second (CNI reload, short periods); only a failing test waits this long. */
const WAIT_MS = 30_000;
const POLL_MS = 50;

const fixture = nodeTestFixture('knode');

/** Waits (bounded) until `probe` gives a value. */
const eventually = <T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> => pollUntil(what, probe, { timeoutMs: WAIT_MS, pollMs: POLL_MS });


const ready = (n: NodeObject) => n.status?.conditions?.find((c) => c.type === 'Ready');

test('the node registers, keeps its Lease, turns Ready once its podCIDR is set, and re-registers as the same Node', async () => {
  const names = testNodeNames();
  const nodeName = `knode-${names.suffix}`;
  let server: TestApiServer | undefined;
  let client: RestResourceClient | undefined;
  let cri: CriClient | undefined;
  const agents: NodeAgent[] = [];
  const pids: number[] = [];
  try {
    server = await startTestApiServer();
    client = new RestResourceClient({ server: server.url });
    const node = await startContainerd({ dir: names.dir, sandboxImage: PAUSE_IMAGE });
    pids.push(node.pid);
    await fixture.importInto(node.socket, [PAUSE_IMAGE, BUSYBOX_IMAGE]);
    cri = new CriClient(node.socket);
    const newAgent = () =>
      new NodeAgent({
        client: client!,
        cri: cri!,
        nodeName,
        nodeIP: '10.250.0.11',
        containerdDir: names.dir,
        kubeletPort: 10250,
        cniBridge: names.bridge,
        cniNetworkName: names.networkName,
        periods: { statusUpdateMs: 300, leaseRenewMs: 200, fastStatusCheckMs: 100 },
      });
    const agent = newAgent();
    agents.push(agent);
    await agent.start();

    // registration: NotReady, because containerd has no CNI config yet
    const registered = await eventually('the Node NotReady', async () => {
      const n = await client!.get<NodeObject>(NODES, undefined, nodeName);
      return ready(n)?.status === 'False' ? n : undefined;
    });
    assert.equal(ready(registered)?.reason, 'KubeletNotReady');
    assert.match(ready(registered)?.message ?? '', /^container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:.*cni plugin not initialized/);
    assert.deepEqual(registered.status?.conditions?.map((c) => [c.type, c.status]), [
      ['MemoryPressure', 'False'],
      ['DiskPressure', 'False'],
      ['PIDPressure', 'False'],
      ['Ready', 'False'],
    ]);
    const labels = registered.metadata?.labels ?? {};
    assert.equal(labels['kubernetes.io/hostname'], nodeName);
    assert.equal(labels['kubernetes.io/os'], 'linux');
    assert.ok(labels['kubernetes.io/arch'] && labels['kubernetes.io/arch'] === labels['beta.kubernetes.io/arch']);
    assert.equal(registered.metadata?.annotations?.['volumes.kubernetes.io/controller-managed-attach-detach'], 'true');
    const st = registered.status!;
    for (const r of ['cpu', 'memory', 'ephemeral-storage', 'pods', 'hugepages-2Mi']) {
      assert.equal(typeof st.capacity?.[r], 'string', `capacity ${r}`);
      assert.equal(typeof st.allocatable?.[r], 'string', `allocatable ${r}`);
    }
    assert.match(st.capacity!['memory']!, /^\d+Ki$/);
    assert.equal(st.capacity!['pods'], '110');
    assert.equal(Number(st.capacity!['memory']!.slice(0, -2)) - Number(st.allocatable!['memory']!.slice(0, -2)), 102400, '100Mi held back');
    assert.deepEqual(st.addresses, [
      { type: 'InternalIP', address: '10.250.0.11' },
      { type: 'Hostname', address: nodeName },
    ]);
    assert.deepEqual(st.daemonEndpoints, { kubeletEndpoint: { Port: 10250 } });
    const info = st.nodeInfo!;
    assert.match(info.containerRuntimeVersion, /^containerd:\/\/\d/);
    assert.equal(info.kubeletVersion, 'v1.31.0');
    assert.equal(info.operatingSystem, 'linux');
    assert.equal(info.bootID, (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim());
    assert.ok(info.machineID && info.systemUUID && info.kernelVersion && info.osImage, JSON.stringify(info));
    const imageNames = (st.images ?? []).flatMap((i) => i.names ?? []);
    assert.ok(imageNames.includes(PAUSE_IMAGE) && imageNames.includes(BUSYBOX_IMAGE), imageNames.join(','));
    assert.ok((st.images ?? []).every((i) => typeof i.sizeBytes === 'number' && i.sizeBytes > 0));
    const uid = registered.metadata!.uid!;
    assert.equal(agent.uid(), uid);

    // the Lease: created, owned by the Node, renewed
    const lease = await eventually('the Lease', () => client!.get<LeaseObject>(LEASES, NODE_LEASE_NAMESPACE, nodeName));
    assert.equal(lease.spec?.holderIdentity, nodeName);
    assert.equal(lease.spec?.leaseDurationSeconds, 40);
    assert.deepEqual(
      lease.metadata?.ownerReferences?.map((r) => [r.apiVersion, r.kind, r.name, r.uid]),
      [['v1', 'Node', nodeName, uid]],
    );
    const renewed = await eventually('a Lease renewal', async () => {
      const l = await client!.get<LeaseObject>(LEASES, NODE_LEASE_NAMESPACE, nodeName);
      return l.spec?.renewTime !== lease.spec?.renewTime && l.metadata?.resourceVersion !== lease.metadata?.resourceVersion ? l : undefined;
    });
    assert.ok(Date.parse(renewed.spec!.renewTime!) > Date.parse(lease.spec!.renewTime!));

    // podCIDR set (by the node IPAM controller in a cluster): the agent writes the CNI config and the Node turns Ready
    const notReadySince = ready(registered)!.lastTransitionTime!;
    await client.patch(NODES, undefined, nodeName, 'merge', { spec: { podCIDR: names.subnet, podCIDRs: [names.subnet] } });
    const readyNode = await eventually('the Node Ready', async () => {
      const n = await client!.get<NodeObject>(NODES, undefined, nodeName);
      return ready(n)?.status === 'True' ? n : undefined;
    });
    assert.deepEqual([ready(readyNode)?.reason, ready(readyNode)?.message], ['KubeletReady', 'kubelet is posting ready status']);
    assert.ok(Date.parse(ready(readyNode)!.lastTransitionTime!) >= Date.parse(notReadySince));
    assert.equal(agent.podCIDR(), names.subnet);
    const conf = JSON.parse(await readFile(join(containerdPaths(names.dir).cniConfDir, CNI_CONFLIST_NAME), 'utf8'));
    assert.equal(conf.name, names.networkName);
    assert.equal(conf.plugins[0].bridge, names.bridge);
    assert.equal(conf.plugins[0].ipam.ranges[0][0].gateway, names.gateway);
    const memTransition = readyNode.status?.conditions?.find((c) => c.type === 'MemoryPressure')?.lastTransitionTime;
    assert.equal(memTransition, registered.status?.conditions?.find((c) => c.type === 'MemoryPressure')?.lastTransitionTime, 'no flip, no transition');

    // restart: someone changed a kubelet label meanwhile; a new agent re-registers onto the same Node
    await agent.stop();
    await client.patch(NODES, undefined, nodeName, 'merge', { metadata: { labels: { 'kubernetes.io/hostname': 'someone-else', 'team': 'a' } } });
    const again = newAgent();
    agents.push(again);
    await again.start();
    const reconciled = await eventually('the label reconciled', async () => {
      const n = await client!.get<NodeObject>(NODES, undefined, nodeName);
      return n.metadata?.labels?.['kubernetes.io/hostname'] === nodeName ? n : undefined;
    });
    assert.equal(reconciled.metadata?.uid, uid, 'the same Node');
    assert.equal(reconciled.metadata?.labels?.['team'], 'a', 'other labels are kept');
    assert.equal(again.uid(), uid);
    const nodes = await client.list<NodeObject>(NODES, undefined, { fieldSelector: `metadata.name=${nodeName}` });
    assert.equal(nodes.items.length, 1);
    await eventually('the restarted agent to write the CNI config again', async () => again.podCIDR() === names.subnet);
    assert.equal(ready(reconciled)?.status, 'True');
  } finally {
    for (const a of agents) await a.stop();
    cri?.close();
    await client?.close();
    await server?.stop();
    if (existsSync(names.dir)) {
      const report = await cleanupNodeRuntime({ dir: names.dir, cgroupRoot: names.cgroupRoot, networkName: names.networkName, bridge: names.bridge });
      assert.deepEqual(report.errors, []);
    }
  }
  assert.deepEqual(await leftovers(names, pids), { processes: [], mounts: [], cgroups: [], cniResults: [], bridge: [], dir: [] });
});
