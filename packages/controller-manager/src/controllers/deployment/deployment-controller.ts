/** The Deployment controller: watches Deployments, ReplicaSets and Pods, and rolls ReplicaSets toward each Deployment's template. */
import { labelSelectorFromSpec } from '@skiff/api';
import type { ApiObject } from '@skiff/client';
import { type Controller, isTombstone, keyOf, objectOf, splitKey, type Lister, type Result } from '@skiff/runtime';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { ControllerContext, ControllerDescriptor, RunnableController } from '../../manager/controller-context.js';
import { claimObjects, controllerRefOf, recheckOwnerLive } from '../common/index.js';
import { DeploymentRollout } from './deployment-rollout.js';
import type { DeploymentObject, ReplicaSetObject } from './replica-sets.js';
import { DEPLOYMENT_CONTROLLER_NAME, DEPLOYMENTS, deploymentOwner, deploymentRef, PODS, REPLICASETS } from './resources.js';

type PodObject = Pod & ApiObject;

/** A selector with neither matchLabels nor matchExpressions selects every pod: refused, as Kubernetes does. */
function selectsEverything(d: DeploymentObject): boolean {
  const s = d.spec?.selector;
  return !s || (Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0);
}

class DeploymentController {
  readonly controller: Controller;
  private readonly deployments: Lister<DeploymentObject>;
  private readonly replicaSets: Lister<ReplicaSetObject>;
  private readonly pods: Lister<PodObject>;

  constructor(private readonly ctx: ControllerContext) {
    this.controller = ctx.newController(DEPLOYMENT_CONTROLLER_NAME, ctx.settings.concurrentDeploymentSyncs, (key) => this.reconcile(key));
    const deployments = ctx.informers.forResource<DeploymentObject>(DEPLOYMENTS);
    const replicaSets = ctx.informers.forResource<ReplicaSetObject>(REPLICASETS);
    const pods = ctx.informers.forResource<PodObject>(PODS);
    this.deployments = deployments.lister;
    this.replicaSets = replicaSets.lister;
    this.pods = pods.lister;

    const enqueueDeployment = (d: DeploymentObject): void => this.controller.enqueue(keyOf(d));
    deployments.addEventHandler({
      onAdd: enqueueDeployment,
      onUpdate: (_old, d) => enqueueDeployment(d),
      onDelete: (obj) => enqueueDeployment(objectOf(obj)),
    });
    replicaSets.addEventHandler({
      onAdd: (rs) => this.replicaSetChanged(rs),
      onUpdate: (old, rs) => {
        const oldRef = controllerRefOf(old);
        const newRef = controllerRefOf(rs);
        if (oldRef && oldRef.uid !== newRef?.uid) this.enqueueOwner(rs.metadata?.namespace, oldRef);
        this.replicaSetChanged(rs);
      },
      onDelete: (obj) => {
        const rs = objectOf(obj);
        const ref = controllerRefOf(rs);
        if (ref) this.enqueueOwner(rs.metadata?.namespace, ref);
      },
    });
    // Recreate waits for old pods to be gone: a pod's deletion may be what lets it go on.
    pods.addEventHandler({
      onDelete: (obj) => this.podDeleted(isTombstone(obj) ? obj.obj : obj),
    });
  }

  private enqueueOwner(namespace: string | undefined, ref: OwnerReference): void {
    if (ref.kind !== 'Deployment' || !ref.apiVersion.startsWith('apps/')) return;
    const d = this.deployments.get(`${namespace}/${ref.name}`);
    if (d && d.metadata?.uid === ref.uid) this.controller.enqueue(keyOf(d));
  }

  private replicaSetChanged(rs: ReplicaSetObject): void {
    const ref = controllerRefOf(rs);
    if (ref) {
      this.enqueueOwner(rs.metadata?.namespace, ref);
      return;
    }
    // An orphan: every Deployment that could adopt it looks at it.
    for (const d of this.deployments.listByNamespace(rs.metadata?.namespace ?? '')) {
      if (!selectsEverything(d) && labelSelectorFromSpec(d.spec?.selector).matches(rs.metadata?.labels ?? {})) this.controller.enqueue(keyOf(d));
    }
  }

  private podDeleted(pod: PodObject | undefined): void {
    const ref = pod && controllerRefOf(pod);
    if (!pod || !ref || ref.kind !== 'ReplicaSet') return;
    const rs = this.replicaSets.get(`${pod.metadata?.namespace}/${ref.name}`);
    if (!rs || rs.metadata?.uid !== ref.uid) return;
    const dRef = controllerRefOf(rs);
    if (!dRef || dRef.kind !== 'Deployment') return;
    const d = this.deployments.get(`${pod.metadata?.namespace}/${dRef.name}`);
    if (d && d.metadata?.uid === dRef.uid && d.spec?.strategy?.type === 'Recreate') this.controller.enqueue(keyOf(d));
  }

  /** The ReplicaSets `d` controls, after adopting matching orphans and releasing ones that no longer match. */
  private async replicaSetsFor(d: DeploymentObject): Promise<ReplicaSetObject[]> {
    const candidates = this.replicaSets.listByNamespace(d.metadata?.namespace ?? '');
    const owner = deploymentOwner(d);
    return claimObjects(candidates, {
      client: this.ctx.client,
      resource: REPLICASETS,
      owner,
      selector: labelSelectorFromSpec(d.spec?.selector),
      recheckOwner: recheckOwnerLive(this.ctx.client, DEPLOYMENTS, owner),
    });
  }

  /** Pods of the Deployment's ReplicaSets, by ReplicaSet uid (Recreate's "are old pods gone" check). */
  private podsByReplicaSet(d: DeploymentObject, rsList: readonly ReplicaSetObject[]): Map<string, Pod[]> {
    const byUid = new Map<string, Pod[]>(rsList.map((rs) => [rs.metadata?.uid ?? '', []]));
    const selector = labelSelectorFromSpec(d.spec?.selector);
    for (const pod of this.pods.listByNamespace(d.metadata?.namespace ?? '', selector)) {
      const ref = controllerRefOf(pod);
      if (ref) byUid.get(ref.uid)?.push(pod);
    }
    return byUid;
  }

  async reconcile(key: string): Promise<Result> {
    const d = this.deployments.get(key);
    if (!d) {
      this.ctx.logger.debug({ key }, 'deployment has been deleted');
      return;
    }
    if (selectsEverything(d)) {
      this.ctx.recorder(DEPLOYMENT_CONTROLLER_NAME).event(deploymentRef(d), 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      const generation = d.metadata?.generation ?? 0;
      if ((d.status?.observedGeneration ?? 0) < generation) {
        await this.ctx.client.update(DEPLOYMENTS, d.metadata?.namespace, { ...d, status: { ...d.status, observedGeneration: generation } }, { subresource: 'status' });
      }
      return;
    }
    const rsList = await this.replicaSetsFor(d);
    const rollout = new DeploymentRollout({ client: this.ctx.client, recorder: this.ctx.recorder(DEPLOYMENT_CONTROLLER_NAME), clock: this.ctx.clock }, d, rsList);
    if (d.metadata?.deletionTimestamp) {
      await rollout.syncStatusOnly();
      return;
    }
    await rollout.checkPausedConditions();
    if (d.spec?.paused || rollout.isScalingEvent()) {
      await rollout.sync();
      return;
    }
    if (d.spec?.strategy?.type === 'Recreate') await rollout.rolloutRecreate(this.podsByReplicaSet(d, rsList));
    else await rollout.rolloutRolling();
    const { namespace, name } = splitKey(key);
    this.ctx.logger.debug({ namespace, name }, 'deployment synced');
    return rollout.requeueAfter !== undefined ? { requeueAfter: rollout.requeueAfter } : undefined;
  }
}

/** kube-controller-manager's `deployment-controller` (alias `deployment`). */
export const deploymentController: ControllerDescriptor = {
  name: DEPLOYMENT_CONTROLLER_NAME,
  aliases: ['deployment'],
  build(ctx: ControllerContext): RunnableController {
    const c = new DeploymentController(ctx);
    return { start: () => c.controller.start(), stop: () => c.controller.stop() };
  },
};
