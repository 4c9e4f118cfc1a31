/** Picks the strategy for each resource of the catalog. */
import type { ResourceInfo } from '@skiff/api';
import type { ServiceAllocators } from '../../allocators/service-allocators.js';
import type { Strategy } from '../types.js';
import { defaultStrategy } from './default.js';
import { namespaceStrategy } from './namespaces.js';
import { podStrategy } from './pods.js';
import { secretStrategy } from './secrets.js';
import { serviceStrategy } from './services.js';
import { jobStrategy } from './workloads.js';

export interface StrategyDeps {
  allocators: ServiceAllocators;
}

export function strategyFor(info: ResourceInfo, deps: StrategyDeps): Strategy {
  if (info.group === '') {
    switch (info.resource) {
      case 'pods':
        return podStrategy(info);
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
  return defaultStrategy(info);
}

export { bindPod, qosClassOf } from './pods.js';
export { NAMESPACE_FINALIZER } from './namespaces.js';
