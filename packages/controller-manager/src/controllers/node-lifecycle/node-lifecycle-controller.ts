/** The node lifecycle controller: marks nodes whose kubelet fell silent Unknown and keeps condition taints in step. */
import { StatusError } from '@skiff/api';
import type { ApiObject } from '@skiff/client';
import { objectOf, type DeletedFinalStateUnknown, type Result } from '@skiff/runtime';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { ControllerContext, ControllerDescriptor, RunnableController } from '../../manager/controller-context.js';
import { desiredTaints, gracePeriodOf, observeNode, sameTaints, unknownConditions, type NodeHealth } from './node-health.js';
import { LEASES, NODE_LEASE_NAMESPACE, NODES } from './resources.js';
import { buildTaintEviction } from './taint-eviction-controller.js';

type NodeObject = Node & ApiObject;
type LeaseObject = Lease & ApiObject;

/** One worker: node writes are few and a single worker keeps the health map free of races. */
const NODE_LIFECYCLE_WORKERS = 1;

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'NotFound';
}

function buildNodeLifecycle(ctx: ControllerContext): RunnableController {
  const nodes = ctx.informers.forResource<NodeObject>(NODES);
  const leases = ctx.informers.forResource<LeaseObject>(LEASES);
  const { clock, settings, client, logger } = ctx;
  const health = new Map<string, NodeHealth>();

  const reconcile = async (name: string): Promise<Result> => {
    const cached = nodes.lister.get(name);
    if (!cached) {
      health.delete(name);
      return;
    }
    const lease = leases.lister.get(`${NODE_LEASE_NAMESPACE}/${name}`);
    const now = clock.now();
    const observed = observeNode(health.get(name), cached, lease?.spec?.renewTime ?? undefined, now);
    health.set(name, observed);
    const nowIso = rfc3339(now);
    let node: NodeObject = cached;
    const grace = gracePeriodOf(node, settings.nodeMonitorGracePeriodMs, settings.nodeStartupGracePeriodMs);
    if (now > observed.probeTimestamp + grace) {
      const conditions = unknownConditions(node, nowIso);
      if (conditions) {
        logger.info({ node: name, silentForMs: now - observed.probeTimestamp }, 'node stopped posting status; marking conditions Unknown');
        try {
          node = await client.update<NodeObject>(NODES, undefined, { ...structuredClone(node), status: { ...node.status, conditions } }, { subresource: 'status' });
        } catch (err) {
          if (isNotFound(err)) return;
          throw err;
        }
      }
    }
    const taints = desiredTaints(node, nowIso);
    if (!sameTaints(taints, node.spec?.taints ?? [])) {
      logger.info({ node: name, taints: taints.map((t) => `${t.key}:${t.effect}`) }, 'updating node taints');
      try {
        await client.update<NodeObject>(NODES, undefined, { ...structuredClone(node), spec: { ...node.spec, taints } });
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
    }
    return { requeueAfter: settings.nodeMonitorPeriodMs };
  };

  const controller = ctx.newController('node-lifecycle', NODE_LIFECYCLE_WORKERS, reconcile);
  const enqueueNode = (n: NodeObject | DeletedFinalStateUnknown<NodeObject>): void => {
    const name = objectOf(n).metadata?.name;
    if (name) controller.enqueue(name);
  };
  nodes.addEventHandler({ onAdd: enqueueNode, onUpdate: (_o, n) => enqueueNode(n), onDelete: enqueueNode });
  const enqueueLease = (l: LeaseObject | DeletedFinalStateUnknown<LeaseObject>): void => {
    const m = objectOf(l).metadata;
    if (m?.namespace === NODE_LEASE_NAMESPACE && m.name && nodes.lister.get(m.name)) controller.enqueue(m.name);
  };
  leases.addEventHandler({ onAdd: enqueueLease, onUpdate: (_o, l) => enqueueLease(l) });

  const eviction = buildTaintEviction(ctx);
  return {
    start: () => {
      controller.start();
      eviction.start();
    },
    stop: async () => {
      await eviction.stop();
      await controller.stop();
    },
  };
}

/** kube-controller-manager's node-lifecycle-controller, with its NoExecute taint eviction folded in. */
export const nodeLifecycleController: ControllerDescriptor = {
  name: 'node-lifecycle-controller',
  aliases: ['nodelifecycle'],
  build: buildNodeLifecycle,
};
