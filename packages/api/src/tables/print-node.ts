/** The Node printer: NAME STATUS ROLES AGE VERSION | INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME. */
import type { Node } from 'kubernetes-types/core/v1.js';
import { AGE_COLUMN, NAME_COLUMN, ageOf, column, printer } from './printer.js';

/** `node-role.kubernetes.io/<role>` labels name a node's roles. */
const ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
/** The older `kubernetes.io/role=<role>` label. */
const LEGACY_ROLE_LABEL = 'kubernetes.io/role';

const COLUMNS = [
  NAME_COLUMN,
  column('Status', 'string', 'The status of the node'),
  column('Roles', 'string', 'The roles of the node'),
  AGE_COLUMN,
  column('Version', 'string', 'Kubelet version reported by the node.'),
  column('Internal-IP', 'string', "The node's first InternalIP address.", { wide: true }),
  column('External-IP', 'string', "The node's first ExternalIP address.", { wide: true }),
  column('OS-Image', 'string', 'OS image reported by the node.', { wide: true }),
  column('Kernel-Version', 'string', 'Kernel version reported by the node.', { wide: true }),
  column('Container-Runtime', 'string', 'Container runtime and version reported by the node.', { wide: true }),
];

/** `Ready`, `NotReady` or `Unknown`, with `,SchedulingDisabled` for a cordoned node. */
export function nodeStatus(node: Node): string {
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').at(-1);
  const status = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** Sorted, de-duplicated roles from the role labels; `<none>` without any. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith(ROLE_LABEL_PREFIX)) {
      const role = key.slice(ROLE_LABEL_PREFIX.length);
      if (role !== '') roles.add(role);
    } else if (key === LEGACY_ROLE_LABEL && value !== '') {
      roles.add(value);
    }
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

function address(node: Node, type: string): string {
  return (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
}

export const NODE_PRINTER = printer<Node>(COLUMNS, (node, now) => {
  const info = node.status?.nodeInfo;
  return [
    node.metadata?.name ?? '',
    nodeStatus(node),
    nodeRoles(node),
    ageOf(node, now),
    info?.kubeletVersion ?? '',
    address(node, 'InternalIP'),
    address(node, 'ExternalIP'),
    info?.osImage || '<unknown>',
    info?.kernelVersion || '<unknown>',
    info?.containerRuntimeVersion || '<unknown>',
  ];
});
