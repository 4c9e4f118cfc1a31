/**
 * The disruption controller: keeps each PodDisruptionBudget's status (expected, desired and current healthy pods,
 * disruptions allowed, pending evictions) up to date from its pods and their controllers' scale.
 */
import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1.js';
import { labelSelectorFromSpec, StatusError } from '@skiff/api';
import type { ApiObject, ResourceRef } from '@skiff/client';
import { keyOf, objectOf, type Controller, type DeletedFinalStateUnknown, type EventRecorder, type Lister, type Result } from '@skiff/runtime';
import type { Logger } from 'pino';
import type { ControllerContext, ControllerDescriptor, RunnableController } from '../../manager/controller-context.js';
import { budgetStatus, countHealthy, expectedAndDesired, needsScale, pendingDisruptions, statusUpToDate, SYNC_FAILED_REASON, withDisruptionCondition } from './budget.js';
import { DEPLOYMENTS, expectedScale, REPLICASETS, STATEFULSETS, type WorkloadListers } from './controller-scale.js';

export const PODDISRUPTIONBUDGETS: ResourceRef = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', namespaced: true };
const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };
export const DISRUPTION_COMPONENT = 'controllermanager';
/** kube-controller-manager runs one disruption worker: PDB syncs are cheap and rare. */
const DISRUPTION_WORKERS = 1;

type Pdb = PodDisruptionBudget & ApiObject;
type PodObj = Pod & ApiObject;

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function matches(pdb: Pdb, pod: PodObj): boolean {
  try {
    return labelSelectorFromSpec(pdb.spec?.selector).matches(pod.metadata?.labels ?? {});
  } catch {
    return false;
  }
}

export class DisruptionController implements RunnableController {
  private readonly pdbs: Lister<Pdb>;
  private readonly pods: Lister<PodObj>;
  private readonly workloads: WorkloadListers;
  private readonly controller: Controller;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;

  constructor(private readonly ctx: ControllerContext) {
    const pdbInformer = ctx.informers.forResource<Pdb>(PODDISRUPTIONBUDGETS);
    const podInformer = ctx.informers.forResource<PodObj>(PODS);
    this.pdbs = pdbInformer.lister;
    this.pods = podInformer.lister;
    this.workloads = {
      replicaSets: ctx.informers.forResource<ReplicaSet & ApiObject>(REPLICASETS).lister,
      deployments: ctx.informers.forResource<Deployment & ApiObject>(DEPLOYMENTS).lister,
      statefulSets: ctx.informers.forResource<StatefulSet & ApiObject>(STATEFULSETS).lister,
    };
    this.recorder = ctx.recorder(DISRUPTION_COMPONENT);
    this.log = ctx.logger;
    this.controller = ctx.newController('disruption', DISRUPTION_WORKERS, (key) => this.reconcile(key));
    pdbInformer.addEventHandler({
      onAdd: (pdb) => this.controller.enqueue(keyOf(pdb)),
      onUpdate: (_old, pdb) => this.controller.enqueue(keyOf(pdb)),
      onDelete: (obj) => this.controller.enqueue(keyOf(objectOf(obj))),
    });
    podInformer.addEventHandler({
      onAdd: (pod) => this.podChanged(pod),
      onUpdate: (old, pod) => {
        this.podChanged(pod);
        if (JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(pod.metadata?.labels ?? {})) this.podChanged(old);
      },
      onDelete: (obj: PodObj | DeletedFinalStateUnknown<PodObj>) => this.podChanged(objectOf(obj)),
    });
  }

  start(): void {
    this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  /** Every PDB selecting the pod looks again. */
  private podChanged(pod: PodObj): void {
    for (const pdb of this.pdbs.listByNamespace(pod.metadata?.namespace ?? '')) if (matches(pdb, pod)) this.controller.enqueue(keyOf(pdb));
  }

  async reconcile(key: string): Promise<Result> {
    const pdb = this.pdbs.get(key);
    if (!pdb) return;
    try {
      return await this.sync(pdb);
    } catch (err) {
      if (err instanceof StatusError && (err.reason === 'Conflict' || err.reason === 'NotFound')) throw err;
      // Kubernetes' fail-safe: a budget that cannot be computed allows no disruption.
      await this.failSafe(pdb, err);
      throw err;
    }
  }

  private async sync(pdb: Pdb): Promise<Result> {
    const namespace = pdb.metadata?.namespace ?? '';
    const selector = labelSelectorFromSpec(pdb.spec?.selector);
    const pods = this.pods.listByNamespace(namespace, selector);
    if (pods.length === 0) this.recorder.event(pdb, 'Normal', 'NoPods', 'No matching pods found');
    let unmanaged: string[] = [];
    let counts: { expectedPods: number; desiredHealthy: number };
    try {
      counts = expectedAndDesired(pdb.spec, pods.length, () => {
        const scale = expectedScale(this.workloads, pods);
        unmanaged = scale.unmanagedPods;
        return scale.expected;
      });
    } catch (err) {
      this.recorder.event(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${errorText(err)}`);
      throw err;
    }
    if (unmanaged.length > 0 && needsScale(pdb.spec)) {
      this.recorder.event(
        pdb,
        'Normal',
        'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${JSON.stringify(pdb.spec?.selector ?? {})}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
      );
    }
    const now = this.ctx.clock.now();
    const { pending, recheckAt, expired } = pendingDisruptions(pods, pdb.status?.disruptedPods, now);
    for (const pod of expired) {
      this.log.info({ pod: keyOf(pod), pdb: keyOf(pdb) }, 'pod was expected to be deleted but it was not');
      this.recorder.event(pod, 'Warning', 'NotDeleted', `Pod was expected by PDB ${namespace}/${pdb.metadata?.name ?? ''} to be deleted but it wasn't`);
    }
    const status = budgetStatus(pdb, { currentHealthy: countHealthy(pods, pending), ...counts, disruptedPods: pending }, rfc3339(now));
    await this.writeStatus(pdb, status);
    return recheckAt !== undefined ? { requeueAfter: Math.max(0, recheckAt - now) } : undefined;
  }

  private async writeStatus(pdb: Pdb, status: PodDisruptionBudgetStatus): Promise<void> {
    if (statusUpToDate(pdb.status, status)) return;
    // The cached resourceVersion guards the write: an eviction that changed the PDB meanwhile makes this a conflict, retried from the cache.
    await this.ctx.client.update<Pdb>(PODDISRUPTIONBUDGETS, pdb.metadata?.namespace, { ...pdb, apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', status }, { subresource: 'status' });
  }

  private async failSafe(pdb: Pdb, err: unknown): Promise<void> {
    const now = rfc3339(this.ctx.clock.now());
    const observed = pdb.status?.observedGeneration ?? 0;
    const status: PodDisruptionBudgetStatus = {
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
      ...(pdb.status ?? {}),
      disruptionsAllowed: 0,
      conditions: withDisruptionCondition(pdb.status?.conditions, false, SYNC_FAILED_REASON, errorText(err), observed, now),
    };
    try {
      await this.writeStatus(pdb, status);
    } catch (writeErr) {
      this.log.warn({ pdb: keyOf(pdb), err: errorText(writeErr) }, 'could not record the PDB sync failure');
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** kube-controller-manager's disruption controller. */
export const disruptionController: ControllerDescriptor = {
  name: 'disruption-controller',
  aliases: ['disruption'],
  build: (ctx) => new DisruptionController(ctx),
};
