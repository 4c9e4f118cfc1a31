/** One sync of one Deployment: find or create the new ReplicaSet, scale (rolling, recreate, proportional), prune history, write status. */
import { StatusError } from '@skiff/api';
import type { ResourceClient } from '@skiff/client';
import type { Clock, EventRecorder } from '@skiff/runtime';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { DeploymentStatus } from 'kubernetes-types/apps/v1.js';
import { newControllerRef } from '../common/index.js';
import { canonicalize, computePodTemplateHash, POD_TEMPLATE_HASH_LABEL, templatesEqualIgnoringHash } from './pod-template-hash.js';
import {
  activeOrLatest,
  activeReplicaSets,
  byCreation,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  findNewReplicaSet,
  replicasOf,
  statusSum,
  type DeploymentObject,
  type ReplicaSetObject,
} from './replica-sets.js';
import { desiredReplicasAnnotation, maxRevision, replicasAnnotationsNeedUpdate, REVISION_ANNOTATION, setNewReplicaSetAnnotations, setReplicasAnnotations } from './revision-annotations.js';
import { isRollingUpdate, maxSurge, maxUnavailable, newReplicaSetReplicas, proportionalSizes, specReplicaSum } from './rollout-math.js';
import { calculateStatus, deploymentComplete, getCondition, hasProgressDeadline, msUntilDeadline, newCondition, REASON, rolloutStatus, setCondition } from './deployment-status.js';
import { DEPLOYMENTS, deploymentRef, REPLICASETS } from './resources.js';

/** A stalled rollout is looked at again no sooner than this (Kubernetes requeues sub-second deadlines with backoff). */
const MIN_DEADLINE_REQUEUE_MS = 1000;

export interface RolloutDeps {
  client: ResourceClient;
  recorder: EventRecorder;
  clock: Clock;
}

function isAlreadyExists(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'AlreadyExists';
}

function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'NotFound';
}

/** A sync of one Deployment: holds the freshest copies of it and its ReplicaSets as writes return them. */
export class DeploymentRollout {
  private d: DeploymentObject;
  private rsList: ReplicaSetObject[];
  /** requeueAfter (ms) to check the progress deadline, when the rollout is not done. */
  requeueAfter: number | undefined;

  constructor(
    private readonly deps: RolloutDeps,
    deployment: DeploymentObject,
    replicaSets: ReplicaSetObject[],
  ) {
    this.d = structuredClone(deployment);
    this.rsList = replicaSets.map((rs) => structuredClone(rs));
  }

  private now(): number {
    return this.deps.clock.now();
  }

  private get ns(): string | undefined {
    return this.d.metadata?.namespace;
  }

  private newRS(): ReplicaSetObject | undefined {
    return findNewReplicaSet(this.d, this.rsList);
  }

  private oldRSs(): ReplicaSetObject[] {
    const current = this.newRS();
    return this.rsList.filter((rs) => rs !== current);
  }

  private replace(rs: ReplicaSetObject): void {
    const i = this.rsList.findIndex((r) => r.metadata?.uid === rs.metadata?.uid);
    if (i >= 0) this.rsList[i] = rs;
    else this.rsList.push(rs);
  }

  // ---- writes ----

  private async writeStatus(status: DeploymentStatus): Promise<void> {
    if (JSON.stringify(canonicalize(this.d.status)) === JSON.stringify(canonicalize(status))) return;
    this.d = await this.deps.client.update<DeploymentObject>(DEPLOYMENTS, this.ns, { ...this.d, status }, { subresource: 'status' });
  }

  /** Records `revision` on the Deployment itself (kubectl rollout history reads it). */
  private async setDeploymentRevision(revision: string): Promise<void> {
    if (this.d.metadata?.annotations?.[REVISION_ANNOTATION] === revision) return;
    const patch = { metadata: { annotations: { [REVISION_ANNOTATION]: revision } } };
    this.d = await this.deps.client.patch<DeploymentObject>(DEPLOYMENTS, this.ns, this.d.metadata?.name ?? '', 'merge', patch);
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.deps.recorder.event(deploymentRef(this.d), type, reason, message);
  }

  /** Sets size and replica annotations of `rs`; an event when the size changed. Returns the updated ReplicaSet. */
  private async scaleReplicaSet(rs: ReplicaSetObject, newScale: number, operation: 'up' | 'down'): Promise<{ scaled: boolean; rs: ReplicaSetObject }> {
    const oldScale = replicasOf(rs);
    const sizeChanges = oldScale !== newScale;
    const desired = replicasOf(this.d);
    const max = desired + maxSurge(this.d);
    if (!sizeChanges && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
    const copy = structuredClone(rs);
    copy.spec = { ...copy.spec!, replicas: newScale };
    setReplicasAnnotations(copy, desired, max);
    const updated = await this.deps.client.update<ReplicaSetObject>(REPLICASETS, this.ns, copy);
    this.replace(updated);
    if (sizeChanges) this.event('Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${rs.metadata?.name} from ${oldScale} to ${newScale}`);
    return { scaled: sizeChanges, rs: updated };
  }

  private async scaleAndRecord(rs: ReplicaSetObject, newScale: number): Promise<boolean> {
    if (replicasOf(rs) === newScale) return false;
    return (await this.scaleReplicaSet(rs, newScale, replicasOf(rs) < newScale ? 'up' : 'down')).scaled;
  }

  // ---- the new ReplicaSet ----

  /**
   * The new ReplicaSet with its revision and annotations brought up to date (the Deployment's revision follows it);
   * created when `create` and none exists. A hash collision bumps status.collisionCount and fails this sync.
   */
  async syncNewReplicaSet(create: boolean): Promise<ReplicaSetObject | undefined> {
    const oldRSs = this.oldRSs();
    const newRevision = maxRevision(oldRSs) + 1;
    const existing = this.newRS();
    if (existing) {
      const copy = structuredClone(existing);
      const annotationsChanged = setNewReplicaSetAnnotations(this.d.metadata?.annotations, copy, newRevision, true, 0, 0);
      const minReady = this.d.spec?.minReadySeconds ?? 0;
      const minReadyChanged = (copy.spec?.minReadySeconds ?? 0) !== minReady;
      let rs = existing;
      if (annotationsChanged || minReadyChanged) {
        copy.spec = { ...copy.spec!, minReadySeconds: minReady };
        rs = await this.deps.client.update<ReplicaSetObject>(REPLICASETS, this.ns, copy);
        this.replace(rs);
      }
      await this.setDeploymentRevision(rs.metadata?.annotations?.[REVISION_ANNOTATION] ?? String(newRevision));
      if (hasProgressDeadline(this.d) && !getCondition(this.d.status, 'Progressing')) {
        const status = structuredClone(this.d.status ?? {});
        setCondition(status, newCondition('Progressing', 'True', REASON.foundNewRS, `Found new replica set "${rs.metadata?.name}"`, this.now()));
        await this.writeStatus(status);
      }
      return rs;
    }
    if (!create) return undefined;
    return this.createNewReplicaSet(oldRSs, newRevision);
  }

  private async createNewReplicaSet(oldRSs: ReplicaSetObject[], newRevision: number): Promise<ReplicaSetObject> {
    const d = this.d;
    const hash = computePodTemplateHash(d.spec?.template, d.status?.collisionCount);
    const template = structuredClone(d.spec?.template ?? {});
    template.metadata ??= {};
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const selector = structuredClone(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const name = `${d.metadata?.name}-${hash}`;
    const rs: ReplicaSetObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: this.ns,
        labels: { ...template.metadata.labels },
        ownerReferences: [newControllerRef({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: d.metadata })],
      },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
    };
    const replicas = newReplicaSetReplicas(d, [...oldRSs, rs], rs);
    rs.spec!.replicas = replicas;
    setNewReplicaSetAnnotations(d.metadata?.annotations, rs, newRevision, false, replicasOf(d), replicasOf(d) + maxSurge(d));

    let created: ReplicaSetObject;
    let alreadyExists = false;
    try {
      created = await this.deps.client.create<ReplicaSetObject>(REPLICASETS, this.ns, rs);
    } catch (err) {
      if (isAlreadyExists(err)) {
        const found = await this.deps.client.get<ReplicaSetObject>(REPLICASETS, this.ns, name);
        const ours = found.metadata?.ownerReferences?.some((r) => r.controller && r.uid === d.metadata?.uid);
        if (!ours || !templatesEqualIgnoringHash(found.spec?.template, d.spec?.template)) {
          // A different template hashed to the same name: a new collision count gives a new hash on the next sync.
          const status = structuredClone(d.status ?? {});
          status.collisionCount = (status.collisionCount ?? 0) + 1;
          await this.writeStatus(status);
          throw new Error(`hash collision for replica set ${name}: collision count now ${status.collisionCount}`, { cause: err });
        }
        created = found;
        alreadyExists = true;
      } else {
        if (hasProgressDeadline(d)) {
          const msg = `Failed to create new replica set "${name}": ${err instanceof Error ? err.message : String(err)}`;
          const status = structuredClone(d.status ?? {});
          setCondition(status, newCondition('Progressing', 'False', REASON.failedRSCreate, msg, this.now()));
          this.event('Warning', REASON.failedRSCreate, msg);
          await this.writeStatus(status);
        }
        throw err;
      }
    }
    this.replace(created);
    if (!alreadyExists && replicas > 0) this.event('Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`);
    await this.setDeploymentRevision(String(newRevision));
    if (!alreadyExists && hasProgressDeadline(this.d)) {
      const status = structuredClone(this.d.status ?? {});
      setCondition(status, newCondition('Progressing', 'True', REASON.newRSCreated, `Created new replica set "${name}"`, this.now()));
      await this.writeStatus(status);
    }
    return created;
  }

  // ---- entry points ----

  /** Whether the Deployment's replicas differ from what its active ReplicaSets were sized for. */
  isScalingEvent(): boolean {
    const active = activeReplicaSets([...this.oldRSs(), this.newRS()]);
    return active.some((rs) => {
      const desired = desiredReplicasAnnotation(rs);
      return desired !== undefined && desired !== replicasOf(this.d);
    });
  }

  /** Progressing=Unknown DeploymentPaused/DeploymentResumed when spec.paused changes (unless timed out). */
  async checkPausedConditions(): Promise<void> {
    if (!hasProgressDeadline(this.d)) return;
    const cond = getCondition(this.d.status, 'Progressing');
    if (cond?.reason === REASON.timedOut) return;
    const pausedCond = cond?.reason === REASON.paused;
    const paused = this.d.spec?.paused === true;
    let next: ReturnType<typeof newCondition> | undefined;
    if (paused && !pausedCond) next = newCondition('Progressing', 'Unknown', REASON.paused, 'Deployment is paused', this.now());
    else if (!paused && pausedCond) next = newCondition('Progressing', 'Unknown', REASON.resumed, 'Deployment is resumed', this.now());
    if (!next) return;
    const status = structuredClone(this.d.status ?? {});
    setCondition(status, next);
    await this.writeStatus(status);
  }

  /** Status only (a Deployment being deleted). */
  async syncStatusOnly(): Promise<void> {
    const newRS = await this.syncNewReplicaSet(false);
    await this.writeStatus(calculateStatus([...this.oldRSs(), newRS], newRS, this.d, this.now()));
  }

  /** Scaling without rollout progress (paused, or spec.replicas changed): Kubernetes' sync. */
  async sync(): Promise<void> {
    const newRS = await this.syncNewReplicaSet(false);
    await this.scale(newRS);
    if (this.d.spec?.paused) await this.cleanup();
    const current = this.newRS();
    await this.writeStatus(calculateStatus([...this.oldRSs(), current], current, this.d, this.now()));
  }

  private async scale(newRS: ReplicaSetObject | undefined): Promise<void> {
    const oldRSs = this.oldRSs();
    const target = activeOrLatest(newRS, oldRSs);
    if (target) {
      await this.scaleAndRecord(target, replicasOf(this.d));
      return;
    }
    const replicas = replicasOf(this.d);
    const desired = newRS ? desiredReplicasAnnotation(newRS) : undefined;
    if (newRS && replicasOf(newRS) === replicas && desired === replicas && (newRS.status?.availableReplicas ?? 0) === replicas) {
      for (const rs of activeReplicaSets(oldRSs)) await this.scaleAndRecord(rs, 0);
      return;
    }
    if (!isRollingUpdate(this.d)) return;
    const active = activeReplicaSets([...oldRSs, newRS]);
    const allowed = replicas > 0 ? replicas + maxSurge(this.d) : 0;
    const toAdd = allowed - specReplicaSum(active);
    const operation = toAdd > 0 ? 'up' : 'down';
    active.sort(toAdd > 0 ? bySizeNewer : bySizeOlder);
    const sizes = proportionalSizes(this.d, active);
    for (const rs of active) await this.scaleReplicaSet(rs, sizes.get(rs.metadata?.name ?? '') ?? replicasOf(rs), operation);
  }

  /** Deletes the oldest ReplicaSets with no pods beyond revisionHistoryLimit. */
  private async cleanup(): Promise<void> {
    const limit = this.d.spec?.revisionHistoryLimit;
    if (limit === undefined || limit === null) return;
    const cleanable = this.oldRSs().filter((rs) => !rs.metadata?.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort(byRevision);
    for (const rs of cleanable.slice(0, diff)) {
      const m = rs.metadata ?? {};
      if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (m.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        await this.deps.client.delete(REPLICASETS, m.namespace, m.name ?? '', m.uid ? { preconditions: { uid: m.uid } } : {});
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  private async syncRolloutStatus(): Promise<void> {
    const newRS = this.newRS();
    const status = rolloutStatus(this.d, [...this.oldRSs(), newRS], newRS, this.now());
    await this.writeStatus(status);
    const ms = msUntilDeadline(this.d, status, this.now());
    if (ms !== undefined) this.requeueAfter = Math.max(ms, MIN_DEADLINE_REQUEUE_MS);
  }

  /** A rolling update: grow the new ReplicaSet within maxSurge, shrink old ones within maxUnavailable. */
  async rolloutRolling(): Promise<void> {
    const newRS = await this.syncNewReplicaSet(true);
    if (newRS && (await this.reconcileNewReplicaSet(newRS))) return this.syncRolloutStatus();
    if (await this.reconcileOldReplicaSets()) return this.syncRolloutStatus();
    await this.syncRolloutStatus();
    if (deploymentComplete(this.d, this.d.status ?? {})) await this.cleanup();
  }

  private async reconcileNewReplicaSet(newRS: ReplicaSetObject): Promise<boolean> {
    const replicas = replicasOf(this.d);
    if (replicasOf(newRS) === replicas) return false;
    if (replicasOf(newRS) > replicas) return this.scaleAndRecord(newRS, replicas);
    // Pods an old ReplicaSet still runs above its new size count against the surge until they are gone.
    const counted = this.rsList.map((rs) => (rs === newRS ? rs : withPodsNotYetRemoved(rs)));
    return this.scaleAndRecord(newRS, newReplicaSetReplicas(this.d, counted, newRS));
  }

  private async reconcileOldReplicaSets(): Promise<boolean> {
    const newRS = this.newRS();
    const oldRSs = activeReplicaSets(this.oldRSs());
    if (specReplicaSum(oldRSs) === 0) return false;
    const minAvailable = replicasOf(this.d) - maxUnavailable(this.d);
    const newUnavailable = newRS ? replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0) : 0;
    const maxScaledDown = specReplicaSum([...oldRSs, newRS]) - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    const cleaned = await this.cleanupUnhealthyReplicas(oldRSs, maxScaledDown);
    const scaledDown = await this.scaleDownOldForRollingUpdate();
    return cleaned + scaledDown > 0;
  }

  /** Scales old ReplicaSets down by their unavailable pods first (oldest first), at most `maxCleanup` in all. */
  private async cleanupUnhealthyReplicas(oldRSs: ReplicaSetObject[], maxCleanup: number): Promise<number> {
    let total = 0;
    for (const rs of [...oldRSs].sort(byCreation)) {
      if (total >= maxCleanup) break;
      const spec = replicasOf(rs);
      const available = rs.status?.availableReplicas ?? 0;
      if (spec === 0 || spec <= available) continue;
      const down = Math.min(maxCleanup - total, spec - available);
      await this.scaleAndRecord(rs, spec - down);
      total += down;
    }
    return total;
  }

  /** Scales old ReplicaSets down (oldest first) as far as availability above replicas-maxUnavailable allows. */
  private async scaleDownOldForRollingUpdate(): Promise<number> {
    const minAvailable = replicasOf(this.d) - maxUnavailable(this.d);
    // A ReplicaSet whose status still counts pods above its size is losing them: only its size counts as available.
    const available = [...this.oldRSs(), this.newRS()].reduce((n, rs) => n + (rs ? Math.min(rs.status?.availableReplicas ?? 0, replicasOf(rs)) : 0), 0);
    if (available <= minAvailable) return 0;
    const budget = available - minAvailable;
    let total = 0;
    for (const rs of activeReplicaSets(this.oldRSs()).sort(byCreation)) {
      if (total >= budget) break;
      const down = Math.min(replicasOf(rs), budget - total);
      await this.scaleAndRecord(rs, replicasOf(rs) - down);
      total += down;
    }
    return total;
  }

  /** Recreate: every old ReplicaSet to 0, wait until no old pod is left, then the new one to full size. */
  async rolloutRecreate(pods: ReadonlyMap<string, Pod[]>): Promise<void> {
    let newRS = await this.syncNewReplicaSet(false);
    let scaledDown = false;
    for (const rs of activeReplicaSets(this.oldRSs())) if (await this.scaleAndRecord(rs, 0)) scaledDown = true;
    if (scaledDown || this.oldPodsRunning(newRS, pods)) return this.syncRolloutStatus();
    newRS ??= await this.syncNewReplicaSet(true);
    if (newRS) await this.scaleAndRecord(newRS, replicasOf(this.d));
    await this.syncRolloutStatus();
    if (deploymentComplete(this.d, this.d.status ?? {})) await this.cleanup();
  }

  private oldPodsRunning(newRS: ReplicaSetObject | undefined, pods: ReadonlyMap<string, Pod[]>): boolean {
    if (statusSum(this.oldRSs(), 'replicas') > 0) return true;
    for (const [uid, list] of pods) {
      if (newRS && newRS.metadata?.uid === uid) continue;
      if (list.some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded')) return true;
    }
    return false;
  }
}

/** The ReplicaSet sized at the larger of its spec and the pods its status still reports. */
function withPodsNotYetRemoved(rs: ReplicaSetObject): ReplicaSetObject {
  const running = rs.status?.replicas ?? 0;
  if (running <= replicasOf(rs)) return rs;
  return { ...rs, spec: { ...rs.spec!, replicas: running } };
}
