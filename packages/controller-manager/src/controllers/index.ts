/** Every controller the manager knows, in start order. Each lives in its own folder and exports one descriptor. */
import type { ControllerDescriptor } from '../manager/controller-context.js';
import { deploymentController } from './deployment/index.js';
import { disruptionController } from './disruption/index.js';
import { endpointsController } from './endpoints/index.js';
import { endpointSliceController } from './endpointslice/index.js';
import { garbageCollectorController } from './garbage-collector/index.js';
import { namespaceController } from './namespace/index.js';
import { nodeIpamController } from './node-ipam/index.js';
import { nodeLifecycleController } from './node-lifecycle/index.js';
import { replicaSetController } from './replicaset/index.js';
import { serviceAccountController } from './serviceaccount/index.js';

export const ALL_CONTROLLERS: readonly ControllerDescriptor[] = [
  namespaceController,
  garbageCollectorController,
  replicaSetController,
  deploymentController,
  disruptionController,
  serviceAccountController,
  endpointsController,
  endpointSliceController,
  nodeIpamController,
  nodeLifecycleController,
];
