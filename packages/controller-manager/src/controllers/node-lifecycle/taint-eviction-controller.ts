/** NoExecute taint eviction (upstream's taint-eviction-controller): pods that do not tolerate their node's NoExecute taints are deleted, at once or when their tolerationSeconds run out. */
import { StatusError } from '@skiff/api';
import type { ApiObject } from '@skiff/client';
import { fieldIndexFunc, keyOf, objectOf, splitKey, type DeletedFinalStateUnknown, type Result } from '@skiff/runtime';
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1.js';
import type { ControllerContext, RunnableController } from '../../manager/controller-context.js';
import { NODES, PODS } from './resources.js';
import { evictionVerdict } from './tolerations.js';

type NodeObject = Node & ApiObject;
type PodObject = Pod & ApiObject;

/** Component name Events are reported under (kube-controller-manager 1.31's). */
export const TAINT_EVICTION_COMPONENT = 'taint-eviction-controller';
/** Pods by spec.nodeName; a name of our own, since the pod informer is shared. */
const POD_NODE_INDEX = 'taint-eviction:spec.nodeName';
/** Deletions are independent API calls; a few workers keep a node's worth of pods moving. */
const TAINT_EVICTION_WORKERS = 4;

function noExecuteTaints(node: Node | undefined): Taint[] {
  return (node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
}

function noExecuteSignature(node: Node): string {
  return JSON.stringify(noExecuteTaints(node));
}

function ignoreNotFound(err: unknown): void {
  if (!(err instanceof StatusError && err.reason === 'NotFound')) throw err;
}

export function buildTaintEviction(ctx: ControllerContext): RunnableController {
  const nodes = ctx.informers.forResource<NodeObject>(NODES);
  const pods = ctx.informers.forResource<PodObject>(PODS);
  pods.addIndexers({ [POD_NODE_INDEX]: fieldIndexFunc('spec.nodeName') });
  const { clock, client, logger } = ctx;
  const recorder = ctx.recorder(TAINT_EVICTION_COMPONENT);
  /** When each pod was first seen under a NoExecute taint without timeAdded (fallback start of its toleration). */
  const firstSeen = new Map<string, number>();

  const reconcile = async (key: string): Promise<Result> => {
    const pod = pods.lister.get(key);
    const nodeName = pod?.spec?.nodeName;
    const taints = noExecuteTaints(nodeName ? nodes.lister.get(nodeName) : undefined);
    if (!pod || pod.metadata?.deletionTimestamp || taints.length === 0) {
      firstSeen.delete(key);
      return;
    }
    const now = clock.now();
    if (!firstSeen.has(key)) firstSeen.set(key, now);
    const verdict = evictionVerdict(taints, pod.spec?.tolerations ?? [], firstSeen.get(key)!);
    if (verdict.kind === 'never') return;
    if (verdict.kind === 'at' && verdict.due > now) return { requeueAfter: verdict.due - now };
    const { namespace, name } = splitKey(key);
    logger.info({ pod: key, node: nodeName }, 'deleting pod for NoExecute taint');
    recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    try {
      await client.patch(PODS, namespace, name, 'strategic', {
        status: {
          conditions: [
            { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z') },
          ],
        },
      }, { subresource: 'status' });
      await client.delete(PODS, namespace, name, pod.metadata?.uid ? { preconditions: { uid: pod.metadata.uid } } : {});
    } catch (err) {
      ignoreNotFound(err);
    }
    firstSeen.delete(key);
  };

  const controller = ctx.newController('taint-eviction', TAINT_EVICTION_WORKERS, reconcile);
  const enqueuePod = (p: PodObject | DeletedFinalStateUnknown<PodObject>): void => {
    const pod = objectOf(p);
    if (pod.spec?.nodeName) controller.enqueue(keyOf(pod));
  };
  pods.addEventHandler({ onAdd: enqueuePod, onUpdate: (_o, p) => enqueuePod(p), onDelete: enqueuePod });
  const enqueueNodePods = (name: string | undefined): void => {
    if (!name) return;
    for (const pod of pods.lister.byIndex(POD_NODE_INDEX, name)) controller.enqueue(keyOf(pod));
  };
  nodes.addEventHandler({
    onAdd: (n) => enqueueNodePods(n.metadata?.name),
    onUpdate: (o, n) => {
      if (noExecuteSignature(o) !== noExecuteSignature(n)) enqueueNodePods(n.metadata?.name);
    },
  });
  return { start: () => controller.start(), stop: () => controller.stop() };
}
