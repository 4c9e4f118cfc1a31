/** The node IPAM controller (range allocator): every Node gets its own pod CIDR out of the cluster CIDR. */
import { StatusError } from '@skiff/api';
import type { ApiObject, ResourceRef } from '@skiff/client';
import { objectOf, type DeletedFinalStateUnknown, type Result } from '@skiff/runtime';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { ControllerContext, ControllerDescriptor, RunnableController } from '../../manager/controller-context.js';
import { CidrSet } from './cidr-set.js';

type NodeObject = Node & ApiObject;

const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes', namespaced: false };
/** Component name of the allocator's Events (upstream's range allocator reports as `cidrAllocator`). */
export const CIDR_ALLOCATOR_COMPONENT = 'cidrAllocator';
/** One worker: allocation reads and writes the one CIDR set, so keys are handled one at a time (no duplicates). */
const NODE_IPAM_WORKERS = 1;

function podCidrOf(node: Node): string | undefined {
  return node.spec?.podCIDR || node.spec?.podCIDRs?.[0] || undefined;
}

/** Raised when the range is full; the key is retried with backoff (and sooner when a node frees a CIDR). */
class CidrExhaustedError extends Error {
  override readonly name = 'CidrExhaustedError';
}

function buildNodeIpam(ctx: ControllerContext): RunnableController {
  const { settings, client, logger } = ctx;
  if (!settings.allocateNodeCidrs) return { start: () => undefined, stop: async () => undefined };
  const cidrs = new CidrSet(settings.clusterCidr, settings.nodeCidrMaskSize);
  const nodes = ctx.informers.forResource<NodeObject>(NODES);
  const recorder = ctx.recorder(CIDR_ALLOCATOR_COMPONENT);
  /** The CIDR each node holds (or was given and is being written to it). */
  const assigned = new Map<string, string>();

  const hold = (name: string, cidr: string): void => {
    const previous = assigned.get(name);
    if (previous === cidr) return;
    if (previous) cidrs.release(previous);
    if (cidrs.occupy(cidr)) assigned.set(name, cidr);
    else {
      assigned.delete(name);
      logger.warn({ node: name, podCIDR: cidr }, 'node pod CIDR is outside the cluster CIDR; not tracked');
    }
  };

  const release = (name: string): void => {
    const cidr = assigned.get(name);
    if (!cidr) return;
    cidrs.release(cidr);
    assigned.delete(name);
    // A CIDR came free: nodes waiting on an exhausted range may now get one.
    for (const n of nodes.lister.list()) if (!podCidrOf(n) && n.metadata?.name) controller.enqueue(n.metadata.name);
  };

  const reconcile = async (name: string): Promise<Result> => {
    const node = nodes.lister.get(name);
    if (!node) {
      release(name);
      return;
    }
    const existing = podCidrOf(node);
    if (existing) {
      hold(name, existing);
      return;
    }
    let cidr = assigned.get(name);
    if (!cidr) {
      cidr = cidrs.allocate();
      if (!cidr) {
        recorder.event(node, 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`);
        throw new CidrExhaustedError(`no free /${settings.nodeCidrMaskSize} left in ${settings.clusterCidr} for node ${name}`);
      }
      assigned.set(name, cidr);
    }
    try {
      await client.patch(NODES, undefined, name, 'merge', { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
      logger.info({ node: name, podCIDR: cidr }, 'allocated pod CIDR');
    } catch (err) {
      if (err instanceof StatusError && err.reason === 'NotFound') {
        release(name);
        return;
      }
      recorder.event(node, 'Normal', 'CIDRAssignmentFailed', `Node ${name} status is now: CIDRAssignmentFailed`);
      throw err;
    }
  };

  const controller = ctx.newController('node-ipam', NODE_IPAM_WORKERS, reconcile);
  const enqueue = (n: NodeObject | DeletedFinalStateUnknown<NodeObject>): void => {
    const name = objectOf(n).metadata?.name;
    if (name) controller.enqueue(name);
  };
  nodes.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n), onDelete: enqueue });
  return {
    start: () => {
      // The caches have synced: rebuild what is taken from the nodes themselves before handing anything out.
      for (const node of nodes.lister.list()) {
        const cidr = podCidrOf(node);
        if (cidr && node.metadata?.name) hold(node.metadata.name, cidr);
      }
      controller.start();
    },
    stop: () => controller.stop(),
  };
}

/** kube-controller-manager's node-ipam-controller (range allocator, IPv4, one CIDR per node). */
export const nodeIpamController: ControllerDescriptor = {
  name: 'node-ipam-controller',
  aliases: ['nodeipam'],
  build: buildNodeIpam,
};
