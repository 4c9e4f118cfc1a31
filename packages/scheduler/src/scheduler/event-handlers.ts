/** Informer handlers: pending pods of our profiles -> queue; bound pods and nodes -> cache, with the queue's move events. */
import { isDeepStrictEqual } from 'node:util';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { ApiObject } from '@skiff/client';
import { objectOf, type SharedInformer } from '@skiff/runtime';
import type { SchedulerCache } from '../cache/index.js';
import { ClusterEvents, type ClusterEvent, type SchedulingQueue } from '../queue/index.js';

/** Pods and Nodes as the informers hold them. */
export type PodObject = Pod & ApiObject;
export type NodeObject = Node & ApiObject;

/** What the handlers need of the scheduler. */
export interface HandlerTarget {
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  responsibleFor(pod: Pod): boolean;
}

/** Bound to a node (or assumed so). */
function assigned(pod: Pod): boolean {
  return !!pod.spec?.nodeName;
}

/** Succeeded or Failed: holds no resources any more. */
function terminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** The node-update event that may make parked pods schedulable, or undefined when nothing scheduling-relevant changed. */
export function nodeUpdateEvent(oldNode: Node, newNode: Node): ClusterEvent | undefined {
  if (!isDeepStrictEqual(oldNode.status?.allocatable, newNode.status?.allocatable)) return ClusterEvents.NodeAllocatableChange;
  if (!isDeepStrictEqual(oldNode.metadata?.labels, newNode.metadata?.labels)) return ClusterEvents.NodeLabelChange;
  if (!isDeepStrictEqual(oldNode.spec?.taints, newNode.spec?.taints)) return ClusterEvents.NodeTaintChange;
  if (!!oldNode.spec?.unschedulable !== !!newNode.spec?.unschedulable) return ClusterEvents.NodeSpecUnschedulableChange;
  const conditions = (n: Node) => (n.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).sort();
  if (!isDeepStrictEqual(conditions(oldNode), conditions(newNode))) return ClusterEvents.NodeConditionChange;
  return undefined;
}

/** Registers the scheduler's handlers on the pod and node informers. */
export function registerEventHandlers(target: HandlerTarget, pods: SharedInformer<PodObject>, nodes: SharedInformer<NodeObject>): void {
  const { cache, queue } = target;
  const addAssigned = (pod: Pod): void => {
    cache.addPod(pod);
    queue.assignedPodAdded(pod);
  };
  const removeAssigned = (pod: Pod): void => {
    cache.removePod(pod);
    queue.moveAllToActiveOrBackoffQueue(ClusterEvents.PodDelete);
  };
  pods.addEventHandler({
    onAdd(pod) {
      if (assigned(pod)) {
        if (!terminal(pod)) addAssigned(pod);
      } else if (!terminal(pod) && target.responsibleFor(pod)) {
        queue.add(pod);
      }
    },
    onUpdate(oldPod, newPod) {
      if (assigned(newPod)) {
        if (!assigned(oldPod)) queue.delete(oldPod);
        if (terminal(newPod)) {
          if (!terminal(oldPod) || cache.getPod(newPod)) removeAssigned(newPod);
        } else if (assigned(oldPod) && cache.getPod(newPod) && !cache.isAssumedPod(newPod)) {
          cache.updatePod(oldPod, newPod);
          queue.assignedPodUpdated(newPod);
        } else {
          addAssigned(newPod);
        }
        return;
      }
      if (!target.responsibleFor(newPod)) {
        if (target.responsibleFor(oldPod)) queue.delete(oldPod);
        return;
      }
      if (terminal(newPod)) queue.delete(newPod);
      // Our own bind is in flight: the pod is about to be assigned, so it must not re-enter the queue.
      else if (!cache.isAssumedPod(newPod)) queue.update(oldPod, newPod);
    },
    onDelete(obj) {
      const pod = objectOf(obj);
      if (assigned(pod) || cache.getPod(pod)) removeAssigned(pod);
      else queue.delete(pod);
    },
  });
  nodes.addEventHandler({
    onAdd(node) {
      cache.addNode(node);
      queue.moveAllToActiveOrBackoffQueue(ClusterEvents.NodeAdd);
    },
    onUpdate(oldNode, newNode) {
      cache.updateNode(oldNode, newNode);
      const event = nodeUpdateEvent(oldNode, newNode);
      if (event) queue.moveAllToActiveOrBackoffQueue(event);
    },
    onDelete(obj) {
      cache.removeNode(objectOf(obj));
    },
  });
}
