/** Printers for apps/v1 workloads: Deployment, ReplicaSet, DaemonSet, StatefulSet. */
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import { containerCells, formatLabelSelector, formatLabels, int, selectorString } from './format.js';
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, ageOf, column, printer } from './printer.js';

const SELECTOR_COLUMN = column('Selector', 'string', 'Label query over the pods the controller manages.', { wide: true });

/** spec.replicas as the server sees it after defaulting (an absent value defaults to 1). */
function desiredReplicas(spec: { replicas?: number } | undefined): number {
  return typeof spec?.replicas === 'number' ? spec.replicas : 1;
}

export const DEPLOYMENT_PRINTER = printer<Deployment>(
  [
    NAME_COLUMN,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    column('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  (d, now) => {
    const status = d.status ?? {};
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    const selector = selectorString(d.spec?.selector) ?? '<invalid>';
    return [d.metadata?.name ?? '', `${int(status.readyReplicas)}/${desiredReplicas(d.spec)}`, int(status.updatedReplicas), int(status.availableReplicas), ageOf(d, now), names, images, selector];
  },
);

export const REPLICASET_PRINTER = printer<ReplicaSet>(
  [
    NAME_COLUMN,
    column('Desired', 'integer', 'Number of desired pods.'),
    column('Current', 'integer', 'The most recently observed number of replicas.'),
    column('Ready', 'integer', 'The number of ready replicas.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  (rs, now) => {
    const status = rs.status ?? { replicas: 0 };
    const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
    return [rs.metadata?.name ?? '', desiredReplicas(rs.spec), int(status.replicas), int(status.readyReplicas), ageOf(rs, now), names, images, formatLabelSelector(rs.spec?.selector)];
  },
);

export const DAEMONSET_PRINTER = printer<DaemonSet>(
  [
    NAME_COLUMN,
    column('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.'),
    column('Current', 'integer', 'The number of nodes running at least one daemon pod that are supposed to.'),
    column('Ready', 'integer', 'The number of nodes whose daemon pod is ready.'),
    column('Up-to-date', 'integer', 'The number of nodes running the updated daemon pod.'),
    column('Available', 'integer', 'The number of nodes whose daemon pod is available.'),
    column('Node Selector', 'string', 'The node selector of the pod template.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  (ds, now) => {
    const s = ds.status;
    const [names, images] = containerCells(ds.spec?.template?.spec?.containers);
    return [
      ds.metadata?.name ?? '',
      int(s?.desiredNumberScheduled),
      int(s?.currentNumberScheduled),
      int(s?.numberReady),
      int(s?.updatedNumberScheduled),
      int(s?.numberAvailable),
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      ageOf(ds, now),
      names,
      images,
      formatLabelSelector(ds.spec?.selector),
    ];
  },
);

export const STATEFULSET_PRINTER = printer<StatefulSet>(
  [NAME_COLUMN, column('Ready', 'string', 'Number of the pod with ready state'), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN],
  (sts, now) => {
    const [names, images] = containerCells(sts.spec?.template?.spec?.containers);
    return [sts.metadata?.name ?? '', `${int(sts.status?.readyReplicas)}/${desiredReplicas(sts.spec)}`, ageOf(sts, now), names, images];
  },
);
