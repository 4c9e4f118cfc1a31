/** The service account controller: every active namespace has a `default` ServiceAccount, re-created if deleted. */
import { StatusError } from '@skiff/api';
import type { ApiObject, ResourceRef } from '@skiff/client';
import { objectOf, type DeletedFinalStateUnknown, type Result } from '@skiff/runtime';
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.js';
import type { ControllerContext, ControllerDescriptor, RunnableController } from '../../manager/controller-context.js';

type NamespaceObject = Namespace & ApiObject;
type ServiceAccountObject = ServiceAccount & ApiObject;

const NAMESPACES: ResourceRef = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };
const SERVICE_ACCOUNTS: ResourceRef = { group: '', version: 'v1', resource: 'serviceaccounts', namespaced: true };
/** The accounts every namespace gets (upstream's default list). */
export const DEFAULT_SERVICE_ACCOUNTS = ['default'] as const;
/** Creations are cheap and independent per namespace (upstream runs one worker too). */
const SERVICE_ACCOUNT_WORKERS = 1;

function isTerminating(ns: Namespace): boolean {
  return !!ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating';
}

function buildServiceAccount(ctx: ControllerContext): RunnableController {
  const { client, logger } = ctx;
  const namespaces = ctx.informers.forResource<NamespaceObject>(NAMESPACES);
  const accounts = ctx.informers.forResource<ServiceAccountObject>(SERVICE_ACCOUNTS);

  const reconcile = async (namespace: string): Promise<Result> => {
    const ns = namespaces.lister.get(namespace);
    if (!ns || isTerminating(ns)) return;
    for (const name of DEFAULT_SERVICE_ACCOUNTS) {
      if (accounts.lister.get(`${namespace}/${name}`)) continue;
      try {
        await client.create<ServiceAccountObject>(SERVICE_ACCOUNTS, namespace, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } });
        logger.info({ namespace, serviceAccount: name }, 'created service account');
      } catch (err) {
        // Already there (the cache lags), or the namespace began terminating: nothing to do.
        if (err instanceof StatusError && (err.reason === 'AlreadyExists' || err.reason === 'Forbidden' || err.reason === 'NotFound')) continue;
        throw err;
      }
    }
  };

  const controller = ctx.newController('serviceaccount', SERVICE_ACCOUNT_WORKERS, reconcile);
  const enqueueNamespace = (ns: NamespaceObject): void => {
    if (ns.metadata?.name) controller.enqueue(ns.metadata.name);
  };
  namespaces.addEventHandler({ onAdd: enqueueNamespace, onUpdate: (_o, ns) => enqueueNamespace(ns) });
  accounts.addEventHandler({
    onDelete: (obj: ServiceAccountObject | DeletedFinalStateUnknown<ServiceAccountObject>) => {
      const m = objectOf(obj).metadata;
      if (m?.namespace && (DEFAULT_SERVICE_ACCOUNTS as readonly string[]).includes(m.name ?? '')) controller.enqueue(m.namespace);
    },
  });
  return { start: () => controller.start(), stop: () => controller.stop() };
}

/** kube-controller-manager's serviceaccount-controller. */
export const serviceAccountController: ControllerDescriptor = {
  name: 'serviceaccount-controller',
  aliases: ['serviceaccount'],
  build: buildServiceAccount,
};
