/** PriorityClasses: defaulting, one global default (Kubernetes' Priority admission), built-in classes that cannot be deleted. */
import { defaultPriorityClass, findResource, SYSTEM_PRIORITY_CLASSES, StatusError, type ResourceInfo } from '@skiff/api';
import type { Store, StoredObject } from '@skiff/storage';
import { getCachedOrLive } from '../cached-read.js';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import { objectKey, resourcePrefix } from '../keys.js';
import type { KObject, Strategy } from '../types.js';
import { defaultStrategy } from './default.js';

/** Reads PriorityClasses for admission (the pods' Priority plugin and the one-default rule). */
export interface PriorityClassLookup {
  /** The class named `name`, or undefined when there is none. */
  get(name: string): Promise<PriorityClass | undefined>;
  /**
   * The global default class, or undefined when no class is one. `fresh`: a live read (deciding whether another
   * class may become the default); otherwise the watch cache, as Kubernetes' admission reads its informer.
   */
  globalDefault(fresh?: boolean): Promise<PriorityClass | undefined>;
}

const PRIORITY_CLASSES: ResourceInfo = findResource('scheduling.k8s.io', 'v1', 'priorityclasses')!;

/**
 * A lookup over the store. By name: the watch cache first, a live read when the cache has not seen the class
 * (a class created a moment ago). The default: from the watch cache for pods (one list per pod created would cost
 * an etcd read each), live when a class asks to become the default, so two defaults cannot both get in.
 */
export function storePriorityClassLookup(store: Store): PriorityClassLookup {
  return {
    get: (name) => getCachedOrLive<PriorityClass & StoredObject>(store, objectKey(PRIORITY_CLASSES, undefined, name)),
    async globalDefault(fresh = false) {
      const { items } = await store.list<PriorityClass & StoredObject>(resourcePrefix(PRIORITY_CLASSES), { anyRevision: !fresh });
      return pickGlobalDefault(items);
    },
  };
}

/** As Kubernetes: when a race left several defaults, the one with the lowest value wins. */
export function pickGlobalDefault(classes: readonly PriorityClass[]): PriorityClass | undefined {
  let found: PriorityClass | undefined;
  for (const pc of classes) {
    if (pc.globalDefault === true && (found === undefined || pc.value < found.value)) found = pc;
  }
  return found;
}

/** `<resource>.<group> "<name>" is forbidden: <why>`: a 403 as Kubernetes' admission and REST storage word it. */
export function admissionForbidden(info: Pick<ResourceInfo, 'group' | 'resource'>, name: string, why: string): StatusError {
  const resource = info.group ? `${info.resource}.${info.group}` : info.resource;
  return new StatusError('Forbidden', `${resource} "${name}" is forbidden: ${why}`, {
    name,
    kind: info.resource,
    ...(info.group ? { group: info.group } : {}),
  });
}

export function priorityClassStrategy(info: ResourceInfo, lookup: PriorityClassLookup): Strategy {
  /** Kubernetes' Priority admission (validating half): a second class may not become the global default. */
  async function checkSingleDefault(obj: KObject): Promise<void> {
    if (obj['globalDefault'] !== true) return;
    const name = obj.metadata?.name ?? '';
    const existing = await lookup.globalDefault(true);
    if (existing && existing.metadata?.name !== name) {
      throw admissionForbidden(info, name, `PriorityClass ${existing.metadata?.name ?? ''} is already marked as default. Only one default can exist`);
    }
  }
  return {
    ...defaultStrategy(info),
    prepareForCreate: (obj) => defaultPriorityClass(obj),
    prepareForUpdate: (obj) => defaultPriorityClass(obj),
    beforeCreate: checkSingleDefault,
    beforeUpdate: checkSingleDefault,
    checkDelete(obj) {
      const name = obj.metadata?.name ?? '';
      if (SYSTEM_PRIORITY_CLASSES.some((c) => c.name === name)) {
        throw admissionForbidden(info, name, 'this is a system priority class and cannot be deleted');
      }
    },
  };
}
