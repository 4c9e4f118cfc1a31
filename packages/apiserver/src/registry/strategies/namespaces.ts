/** Namespaces: the `kubernetes` finalizer on create, Terminating on delete, held until spec.finalizers is empty (phase Active and the name label are defaults). */
import { conflict, StatusError, type ResourceInfo } from '@skiff/api';
import type { Namespace } from 'kubernetes-types/core/v1.js';
import type { KObject, Strategy, Writable } from '../types.js';
import { defaultStrategy } from './default.js';

/** The finalizer the namespace controller removes once the namespace's content is gone. */
export const NAMESPACE_FINALIZER = 'kubernetes';
/** Namespaces the system depends on, which may never be deleted. */
const UNDELETABLE = new Set(['default', 'kube-system', 'kube-public']);

export function namespaceStrategy(info: ResourceInfo): Strategy {
  return {
    ...defaultStrategy(info),
    prepareForCreate(obj) {
      const ns = obj as Writable<Namespace> & KObject;
      // Status is the server's: a new namespace is Active whatever the client sent.
      ns.status = { phase: 'Active' };
      const finalizers = ns.spec?.finalizers ?? [];
      ns.spec = { ...(ns.spec ?? {}), finalizers: finalizers.includes(NAMESPACE_FINALIZER) ? finalizers : [...finalizers, NAMESPACE_FINALIZER] };
    },
    prepareForUpdate(obj, old) {
      // spec.finalizers changes only through the finalize subresource.
      (obj as Writable<Namespace> & KObject).spec = structuredClone((old as Writable<Namespace> & KObject).spec ?? {});
    },
    checkDelete(obj) {
      const name = obj.metadata?.name ?? '';
      if (UNDELETABLE.has(name)) {
        throw new StatusError('Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' });
      }
      if (obj.metadata?.deletionTimestamp) {
        throw conflict(
          { resource: 'namespaces', name },
          'The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.',
        );
      }
    },
    beginDelete(obj) {
      const ns = obj as Writable<Namespace> & KObject;
      ns.status = { ...(ns.status ?? {}), phase: 'Terminating' };
      return true;
    },
    holdsDeletion(obj) {
      return ((obj as Writable<Namespace> & KObject).spec?.finalizers ?? []).length > 0;
    },
  };
}
