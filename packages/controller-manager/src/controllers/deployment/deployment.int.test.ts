/** Integration tests of the Deployment controller with the ReplicaSet controller, scheduler and fake kubelet on a real apiserver. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, DeploymentStrategy, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Event, Pod } from 'kubernetes-types/core/v1.js';
import type { ApiObject, ResourceClient } from '@skiff/client';
import { EVENTS } from '@skiff/runtime';
import { eventually, withControllers } from '../../testing/int-env.js';
import { followPods, isPodReady } from '../../testing/follow-pods.js';
import { replicaSetController } from '../replicaset/index.js';
import { deploymentController } from './deployment-controller.js';
import { POD_TEMPLATE_HASH_LABEL } from './pod-template-hash.js';
import { DEPLOYMENTS, PODS, REPLICASETS } from './resources.js';
import { REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION } from './revision-annotations.js';

const NS = 'deploy-test';
/** Pods of this image never become Ready (the fake kubelet says so): a rollout to it cannot progress. */
const STUCK_IMAGE = 'nginx:broken';
type D = Deployment & ApiObject;
type RS = ReplicaSet & ApiObject;
type PodObj = Pod & ApiObject;

function deployment(name: string, replicas: number, strategy: DeploymentStrategy): D {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      minReadySeconds: 0,
      strategy,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1' }] } },
    },
  };
}

function condition(d: D, type: string): { status?: string; reason?: string; message?: string } | undefined {
  return d.status?.conditions?.find((c) => c.type === type);
}

/** kubectl rollout status's verdict: done once the latest generation is observed and every replica is updated and available. */
function rolloutDone(d: D): boolean {
  const s = d.status ?? {};
  if ((d.metadata?.generation ?? 0) > (s.observedGeneration ?? 0)) return false;
  assert.notEqual(condition(d, 'Progressing')?.reason, 'ProgressDeadlineExceeded', `deployment ${d.metadata?.name} exceeded its progress deadline`);
  if ((s.updatedReplicas ?? 0) < (d.spec?.replicas ?? 1)) return false;
  if ((s.replicas ?? 0) > (s.updatedReplicas ?? 0)) return false;
  return (s.availableReplicas ?? 0) >= (s.updatedReplicas ?? 0);
}

async function waitRolledOut(rest: ResourceClient, name: string): Promise<D> {
  return eventually(`deployment ${name} rolled out`, async () => {
    const d = await rest.get<D>(DEPLOYMENTS, NS, name);
    return rolloutDone(d) ? d : undefined;
  });
}

async function replicaSetsOf(rest: ResourceClient, d: D): Promise<RS[]> {
  const list = await rest.list<RS>(REPLICASETS, NS);
  return list.items.filter((rs) => rs.metadata?.ownerReferences?.some((r) => r.controller && r.uid === d.metadata?.uid));
}

async function setImage(rest: ResourceClient, name: string, image: string): Promise<void> {
  await rest.patch(DEPLOYMENTS, NS, name, 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } });
}

const isReady = isPodReady;
const watchPods = (rest: ResourceClient, app: string, check: (pods: PodObj[]) => void) => followPods(rest, NS, `app=${app}`, check);

test('deployment controller end to end', async (t) => {
  await withControllers({ descriptors: [replicaSetController, deploymentController], nodes: ['n1', 'n2', 'n3'], namespaces: [NS], kubelet: { ready: (pod) => pod.spec?.containers[0]?.image !== STUCK_IMAGE } }, async (env) => {
    const rest = env.rest;

    await t.test('10 replicas become available; Available and Progressing say so; events as Kubernetes', async () => {
      await rest.create(DEPLOYMENTS, NS, deployment('big', 10, { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }));
      const d = await waitRolledOut(rest, 'big');
      assert.equal(d.status?.availableReplicas, 10);
      assert.equal(d.status?.readyReplicas, 10);
      assert.equal(d.status?.unavailableReplicas ?? 0, 0);
      assert.equal(condition(d, 'Available')?.reason, 'MinimumReplicasAvailable');
      const rss = await replicaSetsOf(rest, d);
      assert.equal(rss.length, 1);
      const rs = rss[0]!;
      const hash = rs.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] ?? '';
      assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
      assert.equal(rs.metadata?.name, `big-${hash}`);
      assert.equal(rs.spec?.selector?.matchLabels?.[POD_TEMPLATE_HASH_LABEL], hash);
      assert.equal(rs.spec?.template?.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL], hash);
      assert.equal(rs.metadata?.annotations?.[REVISION_ANNOTATION], '1');
      assert.equal(rs.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas'], '10');
      assert.equal(rs.metadata?.annotations?.['deployment.kubernetes.io/max-replicas'], '13');
      const done = await eventually('Progressing=NewReplicaSetAvailable', async () => {
        const cur = await rest.get<D>(DEPLOYMENTS, NS, 'big');
        return condition(cur, 'Progressing')?.reason === 'NewReplicaSetAvailable' ? cur : undefined;
      });
      assert.equal(condition(done, 'Progressing')?.message, `ReplicaSet "${rs.metadata?.name}" has successfully progressed.`);
      assert.equal(done.metadata?.annotations?.[REVISION_ANNOTATION], '1');
      await eventually('a ScalingReplicaSet event', async () => {
        const events = await rest.list<Event & ApiObject>(EVENTS, NS);
        return events.items.find(
          (e) => e.reason === 'ScalingReplicaSet' && e.involvedObject.name === 'big' && e.message === `Scaled up replica set ${rs.metadata?.name} from 0 to 10` && e.source?.component === 'deployment-controller',
        );
      });
    });

    const replicas = 4;
    const maxSurge = 1;
    const maxUnavailable = 1;
    let firstRS = '';

    await t.test('a rolling update never exceeds replicas+maxSurge pods nor drops below replicas-maxUnavailable available', async () => {
      await rest.create(DEPLOYMENTS, NS, deployment('web', replicas, { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } }));
      const before = await waitRolledOut(rest, 'web');
      firstRS = (await replicaSetsOf(rest, before))[0]!.metadata?.name ?? '';
      const violations: string[] = [];
      const podWatch = await watchPods(rest, 'web', (pods) => {
        const active = pods.filter((p) => !p.metadata?.deletionTimestamp).length;
        const available = pods.filter(isReady).length;
        if (active > replicas + maxSurge) violations.push(`${active} pods`);
        if (available < replicas - maxUnavailable) violations.push(`${available} available`);
      });
      const rsList = await rest.list<RS>(REPLICASETS, NS);
      const sizes = new Map(rsList.items.filter((rs) => rs.metadata?.labels?.app === 'web').map((rs) => [rs.metadata?.name ?? '', rs.spec?.replicas ?? 0]));
      const rsStream = await rest.watch<RS>(REPLICASETS, NS, { labelSelector: 'app=web', resourceVersion: rsList.metadata.resourceVersion });
      let rsEvents = 0;
      const rsDone = (async () => {
        for await (const ev of rsStream) {
          if (ev.type === 'BOOKMARK') continue;
          rsEvents++;
          if (ev.type === 'DELETED') sizes.delete(ev.object.metadata?.name ?? '');
          else sizes.set(ev.object.metadata?.name ?? '', ev.object.spec?.replicas ?? 0);
          const total = [...sizes.values()].reduce((a, b) => a + b, 0);
          if (total > replicas + maxSurge) violations.push(`replica sets sized ${total}`);
        }
      })();
      try {
        await setImage(rest, 'web', 'nginx:2');
        const after = await waitRolledOut(rest, 'web');
        const rss = await replicaSetsOf(rest, after);
        assert.equal(rss.length, 2);
        const newRS = rss.find((rs) => rs.metadata?.name !== firstRS)!;
        assert.equal(newRS.spec?.template?.spec?.containers[0]?.image, 'nginx:2');
        assert.equal(newRS.spec?.replicas, replicas);
        assert.equal(rss.find((rs) => rs.metadata?.name === firstRS)?.spec?.replicas, 0);
        assert.equal(newRS.metadata?.annotations?.[REVISION_ANNOTATION], '2');
        assert.equal(after.metadata?.annotations?.[REVISION_ANNOTATION], '2');
        // Done per kubectl means no old pods left: every existing pod is a ready pod of the new template.
        await eventually('old pods gone', async () => {
          const pods = (await rest.list<PodObj>(PODS, NS, { labelSelector: 'app=web' })).items;
          return pods.length === replicas && pods.every((p) => p.spec?.containers[0]?.image === 'nginx:2' && isReady(p)) ? true : undefined;
        });
      } finally {
        rsStream.stop();
        await rsDone;
      }
      const podEvents = await podWatch.stop();
      assert.ok(podEvents >= 2 * replicas, `saw every pod come and go (${podEvents} events)`);
      assert.ok(rsEvents > 2, `saw the replica sets scale (${rsEvents} events)`);
      assert.deepEqual(violations, []);
    });

    await t.test('rollback by patching the template back reuses the old ReplicaSet at a higher revision', async () => {
      const old = await rest.get<RS>(REPLICASETS, NS, firstRS);
      const template = structuredClone(old.spec!.template!);
      delete template.metadata!.labels![POD_TEMPLATE_HASH_LABEL];
      await rest.patch(DEPLOYMENTS, NS, 'web', 'json', [{ op: 'replace', path: '/spec/template', value: template }]);
      const d = await eventually('rolled back', async () => {
        const cur = await waitRolledOut(rest, 'web');
        return cur.metadata?.annotations?.[REVISION_ANNOTATION] === '3' ? cur : undefined;
      });
      const rss = await replicaSetsOf(rest, d);
      assert.equal(rss.length, 2, 'no new ReplicaSet');
      const back = rss.find((rs) => rs.metadata?.name === firstRS)!;
      assert.equal(back.spec?.replicas, replicas);
      assert.equal(back.metadata?.annotations?.[REVISION_ANNOTATION], '3');
      assert.equal(back.metadata?.annotations?.[REVISION_HISTORY_ANNOTATION], '1');
      assert.equal(rss.find((rs) => rs.metadata?.name !== firstRS)?.spec?.replicas, 0);
    });

    await t.test('scaling up and down resizes the current ReplicaSet', async () => {
      for (const n of [7, 2]) {
        await rest.patch(DEPLOYMENTS, NS, 'web', 'merge', { spec: { replicas: n } });
        const d = await eventually(`web at ${n}`, async () => {
          const cur = await waitRolledOut(rest, 'web');
          return cur.status?.availableReplicas === n && cur.status?.replicas === n ? cur : undefined;
        });
        const rs = await rest.get<RS>(REPLICASETS, NS, firstRS);
        assert.equal(rs.spec?.replicas, n);
        assert.equal(rs.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas'], String(n));
        assert.equal((await replicaSetsOf(rest, d)).length, 2);
      }
    });

    await t.test('pause holds a template change back; resume rolls it out', async () => {
      await rest.patch(DEPLOYMENTS, NS, 'web', 'merge', { spec: { paused: true } });
      await setImage(rest, 'web', 'nginx:3');
      const paused = await eventually('paused condition observed', async () => {
        const cur = await rest.get<D>(DEPLOYMENTS, NS, 'web');
        const seen = cur.status?.observedGeneration === cur.metadata?.generation;
        return seen && condition(cur, 'Progressing')?.reason === 'DeploymentPaused' ? cur : undefined;
      });
      assert.equal(condition(paused, 'Progressing')?.status, 'Unknown');
      assert.equal(condition(paused, 'Progressing')?.message, 'Deployment is paused');
      const during = await replicaSetsOf(rest, paused);
      assert.equal(during.length, 2, 'no ReplicaSet for the paused template');
      assert.ok(during.every((rs) => rs.spec?.template?.spec?.containers[0]?.image !== 'nginx:3'));
      await rest.patch(DEPLOYMENTS, NS, 'web', 'merge', { spec: { paused: false } });
      const resumed = await eventually('nginx:3 rolled out', async () => {
        const cur = await waitRolledOut(rest, 'web');
        return condition(cur, 'Progressing')?.reason === 'NewReplicaSetAvailable' ? cur : undefined;
      });
      const rss = await replicaSetsOf(rest, resumed);
      const current = rss.find((rs) => rs.spec?.template?.spec?.containers[0]?.image === 'nginx:3');
      assert.equal(current?.spec?.replicas, 2);
      assert.equal(current?.metadata?.annotations?.[REVISION_ANNOTATION], '4');
    });

    await t.test('Recreate never runs old and new pods together', async () => {
      await rest.create(DEPLOYMENTS, NS, deployment('batch', 3, { type: 'Recreate' }));
      await waitRolledOut(rest, 'batch');
      const mixed: string[] = [];
      const hashes = new Set<string>();
      const podWatch = await watchPods(rest, 'batch', (pods) => {
        const present = new Set(pods.map((p) => p.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] ?? ''));
        for (const h of present) hashes.add(h);
        if (present.size > 1) mixed.push([...present].join(','));
      });
      await setImage(rest, 'batch', 'nginx:2');
      const d = await eventually('recreated', async () => {
        const cur = await waitRolledOut(rest, 'batch');
        const pods = (await rest.list<PodObj>(PODS, NS, { labelSelector: 'app=batch' })).items;
        return pods.length === 3 && pods.every((p) => p.spec?.containers[0]?.image === 'nginx:2' && isReady(p)) ? cur : undefined;
      });
      await podWatch.stop();
      assert.equal(hashes.size, 2, 'saw the old and the new pods');
      assert.deepEqual(mixed, []);
      assert.equal(d.status?.availableReplicas, 3);
    });
    await t.test('a stalled rollout exceeds its progress deadline; scaling it mid-rollout is proportional', async () => {
      await rest.create(DEPLOYMENTS, NS, deployment('stall', 4, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } }));
      await waitRolledOut(rest, 'stall');
      await rest.patch(DEPLOYMENTS, NS, 'stall', 'strategic', { spec: { progressDeadlineSeconds: 1, template: { spec: { containers: [{ name: 'app', image: STUCK_IMAGE }] } } } });
      // Stuck where maxSurge and maxUnavailable hold it: 3 old available + 2 new unready = 5 = 4 + maxSurge.
      const { timedOut, old, stuck } = await eventually('ProgressDeadlineExceeded with the rollout stuck', async () => {
        const cur = await rest.get<D>(DEPLOYMENTS, NS, 'stall');
        if (condition(cur, 'Progressing')?.reason !== 'ProgressDeadlineExceeded') return undefined;
        const rss = await replicaSetsOf(rest, cur);
        const n = rss.find((rs) => rs.spec?.template?.spec?.containers[0]?.image === STUCK_IMAGE);
        const o = rss.find((rs) => rs !== n);
        return o?.spec?.replicas === 3 && n?.spec?.replicas === 2 && n.status?.replicas === 2 ? { timedOut: cur, old: o, stuck: n } : undefined;
      });
      assert.equal(condition(timedOut, 'Progressing')?.status, 'False');
      assert.equal(condition(timedOut, 'Progressing')?.message, `ReplicaSet "${stuck.metadata?.name}" has timed out progressing.`);
      await rest.patch(DEPLOYMENTS, NS, 'stall', 'merge', { spec: { replicas: 8 } });
      // 9 allowed (8 + maxSurge) where 5 were: each grows by its share (3*9/5 -> 5, 2*9/5 -> 4).
      await eventually('proportional scale-up', async () => {
        const [o, n] = await Promise.all([rest.get<RS>(REPLICASETS, NS, old.metadata?.name ?? ''), rest.get<RS>(REPLICASETS, NS, stuck.metadata?.name ?? '')]);
        return o.spec?.replicas === 5 && n.spec?.replicas === 4 ? true : undefined;
      });
    });
  });
});
