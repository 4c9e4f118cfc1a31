/** Resources Kubernetes keeps as another resource's objects, and how to convert between the two. */
import { findResource, type ResourceInfo } from '@skiff/api';
import type { KObject } from '../types.js';
import { coreToEventsV1, eventsV1ToCore } from './events.js';

export interface StorageAlias {
  storage: ResourceInfo;
  toStorage(obj: KObject): KObject;
  fromStorage(obj: KObject): KObject;
}

/** How `info` is stored when it is an alias of another resource; undefined when it is stored as itself. */
export function storedAs(info: ResourceInfo): StorageAlias | undefined {
  if (info.group === 'events.k8s.io' && info.resource === 'events') {
    return { storage: findResource('', 'v1', 'events')!, toStorage: eventsV1ToCore, fromStorage: coreToEventsV1 };
  }
  return undefined;
}
