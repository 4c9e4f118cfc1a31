/** Picks the strategy for each resource of the catalog. */
import type { ResourceInfo } from '@skiff/api';
import type { ServiceAllocators } from '../../allocators/service-allocators.js';
import type { Strategy } from '../types.js';
import { defaultStrategy } from './default.js';
import { namespaceStrategy } from './namespaces.js';
import { podStrategy } from './pods.js';
import { priorityClassStrategy, type PriorityClassLookup } from './priority-classes.js';
import { secretStrategy } from './secrets.js';
import { serviceStrategy } from './services.js';
import { jobStrategy } from './workloads.js';

export interface StrategyDeps {
  allocators: ServiceAllocators;
  /** PriorityClasses for the pods' Priority admission and the one-default rule. */
  priorityClasses: PriorityClassLookup;
}

export function strategyFor(info: ResourceInfo, deps: StrategyDeps): Strategy {
  if (info.group === '') {
    switch (info.resource) {
      case 'pods':
        return podStrategy(info, deps.priorityClasses);
      case 'namespaces':
        return namespaceStrategy(info);
      case 'services':
        return serviceStrategy(info, deps.allocators);
      case 'secrets':
        return secretStrategy(info);
      case 'nodes':
        // Nodes may carry status on create: the kubelet registers itself with it.
        return { ...defaultStrategy(info), prepareForCreate: undefined };
    }
  }
  if (info.group === 'batch' && info.resource === 'jobs') return jobStrategy(info);
  if (info.group === 'scheduling.k8s.io' && info.resource === 'priorityclasses') return priorityClassStrategy(info, deps.priorityClasses);
  return defaultStrategy(info);
}

export { bindPod, qosClassOf } from './pods.js';
export { NAMESPACE_FINALIZER } from './namespaces.js';
export { storePriorityClassLookup, type PriorityClassLookup } from './priority-classes.js';
