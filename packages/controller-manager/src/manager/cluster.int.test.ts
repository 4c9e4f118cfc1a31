/**
 * The controllers together against a real apiserver, scheduler and fake kubelets: a node that stops heartbeating has
 * its pods replaced elsewhere; deleting a Deployment with each propagation policy leaves what Kubernetes leaves; a controller-manager process killed with SIGKILL mid-rollout finishes it after a restart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { ApiObject, ResourceClient, ResourceRef } from '@skiff/client';
import { deploymentController } from '../controllers/deployment/index.js';
import { garbageCollectorController } from '../controllers/garbage-collector/index.js';
import { nodeLifecycleController } from '../controllers/node-lifecycle/index.js';
import { replicaSetController } from '../controllers/replicaset/index.js';
import { followPods, isPodReady } from '../testing/follow-pods.js';
import { eventually, NODES, withControllers } from '../testing/int-env.js';

const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const REPLICASETS: ResourceRef = { group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true };
const DEPLOYMENTS: ResourceRef = { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true };
const NS = 'cluster';
type PodObj = Pod & ApiObject;

function podTemplate(app: string, image: string, tolerationSeconds?: number) {
  const tolerations =
    tolerationSeconds === undefined
      ? []
      : ['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready'].map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds }));
  return {
    metadata: { labels: { app } },
    spec: { containers: [{ name: 'app', image, resources: { requests: { cpu: '10m' } } }], tolerations, terminationGracePeriodSeconds: 30 },
  };
}

function active(pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
}

async function listPods(rest: ResourceClient, app: string): Promise<PodObj[]> {
  return (await rest.list<PodObj>(PODS, NS, { labelSelector: `app=${app}` })).items;
}

test('a node that stops heartbeating goes Unknown, is tainted, and its pods are replaced on the other nodes', async () => {
  await withControllers(
    {
      descriptors: [replicaSetController, nodeLifecycleController],
      nodes: ['n1', 'n2', 'n3'],
      namespaces: [NS],
      kubelet: { heartbeatMs: 300 },
      settings: { nodeMonitorGracePeriodMs: 2_000, nodeMonitorPeriodMs: 200 },
    },
    async ({ rest, kubelet }) => {
      const replicas = 6;
      await rest.create(REPLICASETS, NS, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web', namespace: NS },
        spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: podTemplate('web', 'nginx:1', 1) },
      } as ReplicaSet & ApiObject);
      const running = await eventually('6 ready pods', async () => {
        const pods = active(await listPods(rest, 'web'));
        return pods.length === replicas && pods.every(isPodReady) ? pods : undefined;
      });
      const dead = running[0]!.spec!.nodeName!;
      const onDead = running.filter((p) => p.spec?.nodeName === dead).map((p) => p.metadata!.name!);
      kubelet!.deadNodes.add(dead);

      // The condition and the taint are two writes: wait for both.
      await eventually(`${dead} Ready=Unknown with the unreachable NoExecute taint`, async () => {
        const n = await rest.get<Node & ApiObject>(NODES, undefined, dead);
        const unknown = n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'Unknown';
        const tainted = n.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute');
        return unknown && tainted ? n : undefined;
      });
      const replaced = await eventually('replacements ready on the live nodes', async () => {
        const pods = await listPods(rest, 'web');
        const live = active(pods);
        return live.length === replicas && live.every((p) => isPodReady(p) && p.spec?.nodeName !== dead) ? pods : undefined;
      });
      // The evicted pods are being deleted (their node's kubelet is gone, so they stay Terminating, as in Kubernetes).
      for (const name of onDead) {
        const pod = replaced.find((p) => p.metadata?.name === name);
        assert.ok(!pod || pod.metadata?.deletionTimestamp, `${name} on ${dead} was evicted`);
      }
    },
  );
});

/** Starts skiff-controller-manager against the test apiserver (its binary, as `skiff up` runs it), logging to `logFile`. */
function startManagerProcess(kubeconfig: string, grpcAddress: string, logFile: string): ChildProcess {
  const main = fileURLToPath(new URL('../main.js', import.meta.url));
  const args = [main, `--kubeconfig=${kubeconfig}`, `--grpc-address=${grpcAddress}`, '--leader-elect=false', '--controllers=replicaset-controller,deployment-controller', '--health-port=0'];
  const log = openSync(logFile, 'a');
  try {
    return spawn(process.execPath, args, { stdio: ['ignore', log, log] });
  } finally {
    closeSync(log);
  }
}

async function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

test('SIGKILL of the controller manager in the middle of a 100-replica rolling update: after a restart the rollout completes with no duplicate or lost pods, within maxSurge and maxUnavailable throughout', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-cm-crash-'));
  const children: ChildProcess[] = [];
  try {
    await withControllers({ descriptors: [], nodes: ['n1', 'n2', 'n3'], namespaces: [NS] }, async ({ rest, server }) => {
      const kubeconfig = join(dir, 'kubeconfig');
      await writeFile(
        kubeconfig,
        `apiVersion: v1\nkind: Config\nclusters: [{ name: c, cluster: { server: "${server.url}" } }]\nusers: [{ name: u, user: {} }]\ncontexts: [{ name: x, context: { cluster: c, user: u } }]\ncurrent-context: x\n`,
      );
      const start = (): ChildProcess => {
        const child = startManagerProcess(kubeconfig, server.grpcAddress!, join(dir, 'cm.log'));
        children.push(child);
        return child;
      };
      const replicas = 100;
      // Kubernetes' defaults, 25% each: at most 125 pods, at least 75 available.
      const maxPods = 125;
      const minAvailable = 75;
      let manager = start();
      await rest.create(DEPLOYMENTS, NS, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'big', namespace: NS },
        spec: { replicas, selector: { matchLabels: { app: 'big' } }, template: podTemplate('big', 'nginx:1') },
      } as Deployment & ApiObject);
      await eventually('100 pods ready', async () => {
        const pods = active(await listPods(rest, 'big'));
        return pods.length === replicas && pods.every(isPodReady) ? true : undefined;
      });

      const violations: string[] = [];
      let peak = 0;
      const watch = await followPods(rest, NS, 'app=big', (pods) => {
        const live = active(pods).length;
        const ready = pods.filter(isPodReady).length;
        peak = Math.max(peak, live);
        if (live > maxPods) violations.push(`${live} pods`);
        if (ready < minAvailable) violations.push(`${ready} available`);
      });
      try {
        await rest.patch(DEPLOYMENTS, NS, 'big', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:2' }] } } } });
        await eventually('the new ReplicaSet part-way', async () => {
          const sets = (await rest.list<ReplicaSet & ApiObject>(REPLICASETS, NS, { labelSelector: 'app=big' })).items;
          const fresh = sets.find((rs) => rs.spec?.template?.spec?.containers[0]?.image === 'nginx:2');
          const ready = fresh?.status?.readyReplicas ?? 0;
          return ready > 0 && ready < replicas / 2 ? true : undefined;
        });
        await killed(manager);
        manager = start();
        await eventually('rollout complete', async () => {
          const d = await rest.get<Deployment & ApiObject>(DEPLOYMENTS, NS, 'big');
          const s = d.status ?? {};
          const done = (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) && s.updatedReplicas === replicas && s.replicas === replicas && s.availableReplicas === replicas;
          const pods = await listPods(rest, 'big');
          return done && pods.length === replicas && pods.every((p) => isPodReady(p) && p.spec?.containers[0]?.image === 'nginx:2') ? true : undefined;
        });
      } finally {
        await watch.stop();
      }
      assert.deepEqual(violations, []);
      assert.ok(peak > replicas, `the rollout surged (peak ${peak} pods)`);
      const sets = (await rest.list<ReplicaSet & ApiObject>(REPLICASETS, NS, { labelSelector: 'app=big' })).items;
      assert.deepEqual(sets.map((rs) => [rs.spec?.template?.spec?.containers[0]?.image, rs.spec?.replicas]).sort(), [['nginx:1', 0], ['nginx:2', replicas]], 'one old and one new ReplicaSet');
      const pods = await listPods(rest, 'big');
      assert.equal(pods.length, replicas, 'exactly the replicas: none duplicated, none lost');
    });
  } finally {
    for (const c of children) await killed(c);
    await rm(dir, { recursive: true, force: true });
  }
});

test('deleting a Deployment: Background removes its ReplicaSet and pods, Foreground holds the Deployment until they are gone, Orphan keeps them without the reference', async () => {
  await withControllers({ descriptors: [replicaSetController, deploymentController, garbageCollectorController], nodes: ['n1'], namespaces: [NS] }, async ({ rest }) => {
    const make = async (name: string): Promise<void> => {
      await rest.create(DEPLOYMENTS, NS, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: NS },
        spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: podTemplate(name, 'nginx:1') },
      } as Deployment & ApiObject);
      await eventually(`${name}: 2 ready pods`, async () => {
        const pods = active(await listPods(rest, name));
        return pods.length === 2 && pods.every(isPodReady) ? true : undefined;
      });
    };
    const replicaSets = async (app: string) => (await rest.list<ReplicaSet & ApiObject>(REPLICASETS, NS, { labelSelector: `app=${app}` })).items;
    const gone = async (app: string): Promise<true | undefined> => ((await replicaSets(app)).length === 0 && (await listPods(rest, app)).length === 0 ? true : undefined);

    await make('bg');
    await rest.delete(DEPLOYMENTS, NS, 'bg', { propagationPolicy: 'Background' });
    await eventually('bg: ReplicaSet and pods collected', () => gone('bg'));

    await make('fg');
    const held = await rest.delete<Deployment & ApiObject>(DEPLOYMENTS, NS, 'fg', { propagationPolicy: 'Foreground' });
    assert.ok(held.metadata?.deletionTimestamp, 'Foreground: the Deployment is marked for deletion');
    assert.ok(held.metadata?.finalizers?.includes('foregroundDeletion'), 'Foreground: held by the foregroundDeletion finalizer');
    await eventually('fg: dependents gone, then the Deployment', async () => {
      const left = await rest.list<Deployment & ApiObject>(DEPLOYMENTS, NS);
      return left.items.some((d) => d.metadata?.name === 'fg') ? undefined : gone('fg');
    });

    await make('orphan');
    await rest.delete(DEPLOYMENTS, NS, 'orphan', { propagationPolicy: 'Orphan' });
    const orphaned = await eventually('orphan: the Deployment gone, its ReplicaSet released', async () => {
      const left = await rest.list<Deployment & ApiObject>(DEPLOYMENTS, NS);
      if (left.items.some((d) => d.metadata?.name === 'orphan')) return undefined;
      const sets = await replicaSets('orphan');
      return sets.length === 1 && !sets[0]!.metadata?.ownerReferences?.length ? sets : undefined;
    });
    const pods = active(await listPods(rest, 'orphan'));
    assert.equal(pods.length, 2, 'the pods stay');
    for (const p of pods) assert.equal(p.metadata?.ownerReferences?.[0]?.uid, orphaned[0]!.metadata?.uid, 'still owned by their ReplicaSet');
  });
});
