/**
 * The ReplicaSet controller: keeps spec.replicas active pods per ReplicaSet, claiming matching pods, creating missing
 * ones in slow-start batches and deleting surplus ones in Kubernetes' order, and reports the counts in status.
 */
import type { ReplicaSet, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { labelSelectorFromSpec, StatusError, type LabelSelector } from '@skiff/api';
import type { ApiObject, ResourceRef } from '@skiff/client';
import { type Controller, keyOf, objectOf, splitKey, type DeletedFinalStateUnknown, type Lister, type Reconciler, type Result } from '@skiff/runtime';
import type { Logger } from 'pino';
import { claimObjects, controllerRefOf, newControllerRef, recheckOwnerLive, type Owner } from '../common/index.js';
import type { ControllerContext, ControllerDescriptor, RunnableController } from '../../manager/controller-context.js';
import { isNamespaceTerminating, isNotFound, PodControl, PODS } from './pod-control.js';
import { PodExpectations } from './pod-expectations.js';
import { podsToDelete } from './pod-ranking.js';
import { isPodActive, isPodReady, msUntilAvailable, podKey } from './pod-state.js';
import { calculateStatus, statusUpToDate } from './replica-set-status.js';
import { slowStartBatch } from './slow-start.js';

export const REPLICASETS: ResourceRef = { group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true };
export const REPLICA_SET_COMPONENT = 'replicaset-controller';

/** At most this many creates or deletes per sync (Kubernetes' BurstReplicas), so one huge ReplicaSet cannot hog the apiserver. */
export const BURST_REPLICAS = 500;
/** The first slow-start batch: one pod, so a template that always fails costs one request. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;
/** A pod that just became ready is looked at again this long after minReadySeconds (Kubernetes adds a second too). */
const AVAILABLE_RECHECK_SLACK_MS = 1000;

type RS = ReplicaSet & ApiObject;
type PodObj = Pod & ApiObject;

const API_VERSION = 'apps/v1';
const KIND = 'ReplicaSet';

function ownerOf(rs: RS): Owner {
  return { apiVersion: API_VERSION, kind: KIND, metadata: rs.metadata ?? {} };
}

function sameLabels(a: Record<string, string> = {}, b: Record<string, string> = {}): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function sameRef(a: OwnerReference | undefined, b: OwnerReference | undefined): boolean {
  return a?.uid === b?.uid && a?.name === b?.name && a?.kind === b?.kind && a?.apiVersion === b?.apiVersion;
}

/** The selector of an RS, or undefined when it is invalid (validation keeps those out). */
function selectorOf(rs: RS): LabelSelector | undefined {
  try {
    return labelSelectorFromSpec(rs.spec?.selector);
  } catch {
    return undefined;
  }
}

export class ReplicaSetController implements Reconciler, RunnableController {
  private readonly rsLister: Lister<RS>;
  private readonly podLister: Lister<PodObj>;
  private readonly controller: Controller;
  private readonly expectations: PodExpectations;
  private readonly podControl: PodControl;
  private readonly log: Logger;

  constructor(private readonly ctx: ControllerContext) {
    const rsInformer = ctx.informers.forResource<RS>(REPLICASETS);
    const podInformer = ctx.informers.forResource<PodObj>(PODS);
    this.rsLister = rsInformer.lister;
    this.podLister = podInformer.lister;
    this.log = ctx.logger;
    this.expectations = new PodExpectations({ clock: ctx.clock });
    this.podControl = new PodControl(ctx.client, ctx.recorder(REPLICA_SET_COMPONENT));
    this.controller = ctx.newController('replicaset', ctx.settings.concurrentReplicaSetSyncs, (key) => this.reconcile(key));
    rsInformer.addEventHandler({
      onAdd: (rs) => this.controller.enqueue(keyOf(rs)),
      onUpdate: (_old, rs) => this.controller.enqueue(keyOf(rs)),
      onDelete: (obj) => {
        const key = keyOf(objectOf(obj));
        this.expectations.delete(key);
        this.controller.enqueue(key);
      },
    });
    podInformer.addEventHandler({
      onAdd: (pod) => this.podAdded(pod),
      onUpdate: (old, pod) => this.podUpdated(old, pod),
      onDelete: (obj: PodObj | DeletedFinalStateUnknown<PodObj>) => this.podDeleted(objectOf(obj)),
    });
  }

  start(): void {
    this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  /** The ReplicaSet `ref` names in `namespace`, if it is still that object. */
  private resolve(namespace: string | undefined, ref: OwnerReference): RS | undefined {
    if (ref.kind !== KIND || !ref.apiVersion.startsWith('apps/')) return undefined;
    const rs = this.rsLister.get(`${namespace ?? ''}/${ref.name}`);
    return rs?.metadata?.uid === ref.uid ? rs : undefined;
  }

  /** Every ReplicaSet of the pod's namespace whose (non-empty) selector matches the pod: candidates to adopt it. */
  private matchingReplicaSets(pod: PodObj): RS[] {
    const labels = pod.metadata?.labels ?? {};
    return this.rsLister.listByNamespace(pod.metadata?.namespace ?? '').filter((rs) => {
      const sel = selectorOf(rs);
      return sel !== undefined && !sel.isEmpty() && sel.matches(labels);
    });
  }

  private podAdded(pod: PodObj): void {
    // A pod that shows up already being deleted (e.g. after a relist) counts as a deletion.
    if (pod.metadata?.deletionTimestamp) return this.podDeleted(pod);
    const ref = controllerRefOf(pod);
    if (ref) {
      const rs = this.resolve(pod.metadata?.namespace, ref);
      if (!rs) return;
      const key = keyOf(rs);
      this.expectations.creationObserved(key);
      this.controller.enqueue(key);
      return;
    }
    for (const rs of this.matchingReplicaSets(pod)) this.controller.enqueue(keyOf(rs));
  }

  private podUpdated(old: PodObj, pod: PodObj): void {
    if (old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return; // a resync, nothing changed
    const labelsChanged = !sameLabels(old.metadata?.labels, pod.metadata?.labels);
    if (pod.metadata?.deletionTimestamp) {
      // Graceful deletion: the pod stops counting now, not when the kubelet is done with it.
      this.podDeleted(pod);
      if (labelsChanged) this.podDeleted(old);
      return;
    }
    const oldRef = controllerRefOf(old);
    const ref = controllerRefOf(pod);
    const refChanged = !sameRef(oldRef, ref);
    if (refChanged && oldRef) {
      const oldRs = this.resolve(old.metadata?.namespace, oldRef);
      if (oldRs) this.controller.enqueue(keyOf(oldRs));
    }
    if (ref) {
      const rs = this.resolve(pod.metadata?.namespace, ref);
      if (!rs) return;
      const key = keyOf(rs);
      this.controller.enqueue(key);
      const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
      if (minReadySeconds > 0 && !isPodReady(old) && isPodReady(pod)) this.controller.enqueueAfter(key, minReadySeconds * 1000 + AVAILABLE_RECHECK_SLACK_MS);
      return;
    }
    if (labelsChanged || refChanged) for (const rs of this.matchingReplicaSets(pod)) this.controller.enqueue(keyOf(rs));
  }

  private podDeleted(pod: PodObj): void {
    const ref = controllerRefOf(pod);
    if (!ref) return; // orphans being deleted concern no one
    const rs = this.resolve(pod.metadata?.namespace, ref);
    if (!rs) return;
    const key = keyOf(rs);
    this.expectations.deletionObserved(key, podKey(pod));
    this.controller.enqueue(key);
  }

  /** cache -> expectations -> claim pods -> create/delete -> status. */
  async reconcile(key: string): Promise<Result> {
    const rs = this.rsLister.get(key);
    if (!rs) {
      this.expectations.delete(key);
      return;
    }
    const selector = selectorOf(rs);
    if (!selector) {
      this.log.error({ key }, 'replicaset has an invalid selector; not syncing');
      return;
    }
    const needsSync = this.expectations.satisfied(key) && !rs.metadata?.deletionTimestamp;
    const { namespace } = splitKey(key);
    const active = this.podLister.listByNamespace(namespace ?? '').filter(isPodActive);
    const owner = ownerOf(rs);
    const pods = await claimObjects(active, { client: this.ctx.client, resource: PODS, owner, selector, recheckOwner: recheckOwnerLive(this.ctx.client, REPLICASETS, owner) });
    let manageError: unknown;
    if (needsSync) {
      try {
        await this.manageReplicas(key, rs, pods);
      } catch (err) {
        manageError = err;
      }
    }
    const now = this.ctx.clock.now();
    const status = calculateStatus(rs, pods, manageError, now);
    await this.writeStatus(rs, status);
    if (manageError !== undefined) throw manageError;
    const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
    const waits = pods.map((p) => msUntilAvailable(p, minReadySeconds, now)).filter((ms): ms is number => ms !== undefined);
    return waits.length > 0 ? { requeueAfter: Math.min(...waits) } : undefined;
  }

  /** Creates or deletes pods so `rs` has spec.replicas of them (at most BURST_REPLICAS per call). */
  private async manageReplicas(key: string, rs: RS, pods: PodObj[]): Promise<void> {
    const diff = pods.length - (rs.spec?.replicas ?? 1);
    if (diff < 0) {
      const count = Math.min(-diff, BURST_REPLICAS);
      // Expect them before creating: the informer may see a pod before create() returns.
      this.expectations.expectCreations(key, count);
      const ref = newControllerRef(ownerOf(rs));
      const template = rs.spec?.template ?? {};
      const { successes, error } = await slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, async () => {
        try {
          await this.podControl.createPod(rs, template, ref);
        } catch (err) {
          // The namespace is going away: the pods will never be needed, and that is no failure.
          if (!isNamespaceTerminating(err)) throw err;
        }
      });
      // Creates never made (failed, or skipped after a failure) will never be observed.
      for (let i = successes; i < count; i++) this.expectations.creationObserved(key);
      if (error !== undefined) throw error;
    } else if (diff > 0) {
      const count = Math.min(diff, BURST_REPLICAS);
      const victims = podsToDelete(pods, this.relatedPods(rs), count, this.ctx.clock.now());
      this.expectations.expectDeletions(key, victims.map(podKey));
      const results = await Promise.allSettled(
        victims.map(async (pod) => {
          try {
            await this.podControl.deletePod(rs, pod.metadata?.name ?? '');
          } catch (err) {
            // This deletion will never be observed as ours.
            this.expectations.deletionObserved(key, podKey(pod));
            if (!isNotFound(err)) throw err;
          }
        }),
      );
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
  }

  /** The pods of every ReplicaSet controlled by the same owner as `rs` (e.g. one Deployment's): ranks for scale-down. */
  private relatedPods(rs: RS): PodObj[] {
    const owner = controllerRefOf(rs);
    if (!owner) return [];
    const siblings = new Set(
      this.rsLister
        .listByNamespace(rs.metadata?.namespace ?? '')
        .filter((other) => controllerRefOf(other)?.uid === owner.uid)
        .map((other) => other.metadata?.uid),
    );
    return this.podLister.listByNamespace(rs.metadata?.namespace ?? '').filter((p) => siblings.has(controllerRefOf(p)?.uid));
  }

  /** Writes `status` through the status subresource when it differs; one retry on a fresh copy after a failure. */
  private async writeStatus(rs: RS, status: ReplicaSetStatus): Promise<void> {
    if (statusUpToDate(rs, status)) return;
    const m = rs.metadata ?? {};
    const body = (from: RS): RS => ({ ...from, apiVersion: API_VERSION, kind: KIND, status: { ...status, observedGeneration: from.metadata?.generation ?? 0 } });
    try {
      await this.ctx.client.update<RS>(REPLICASETS, m.namespace, body(rs), { subresource: 'status' });
    } catch (err) {
      if (isNotFound(err)) return;
      if (!(err instanceof StatusError && err.reason === 'Conflict')) throw err;
      const fresh = await this.ctx.client.get<RS>(REPLICASETS, m.namespace, m.name ?? '');
      if (fresh.metadata?.uid !== m.uid) return;
      await this.ctx.client.update<RS>(REPLICASETS, m.namespace, body(fresh), { subresource: 'status' });
    }
  }
}

/** kube-controller-manager's ReplicaSet controller. */
export const replicaSetController: ControllerDescriptor = {
  name: REPLICA_SET_COMPONENT,
  aliases: ['replicaset'],
  build: (ctx) => new ReplicaSetController(ctx),
};
