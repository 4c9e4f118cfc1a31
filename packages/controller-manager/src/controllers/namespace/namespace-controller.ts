/**
 * The namespace controller: empties a Terminating namespace, keeps its deletion conditions up to date, and once nothing
 * is left removes the `kubernetes` finalizer through namespaces/finalize, which lets the apiserver delete it.
 */
import { StatusError } from '@skiff/api';
import type { ApiObject, ResourceClient, ResourceRef } from '@skiff/client';
import { type Clock, type Result } from '@skiff/runtime';
import type { Namespace } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import type { ControllerDescriptor } from '../../manager/controller-context.js';
import { updatedConditions } from './namespace-conditions.js';
import { deleteNamespaceContent } from './namespace-content.js';

/** The finalizer this controller owns on every namespace (the apiserver adds it on create). */
export const NAMESPACE_FINALIZER = 'kubernetes';
/**
 * As Kubernetes, wait this long after a namespace is seen Terminating before emptying it, so that creates admitted just
 * before the deletion have landed (and are removed with the rest) and other apiservers have seen the deletion.
 */
export const NAMESPACE_DELETION_GRACE_MS = 5000;

const NAMESPACES: ResourceRef = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };

type NamespaceObject = Namespace & ApiObject;

export interface NamespaceControllerOptions {
  /** Default NAMESPACE_DELETION_GRACE_MS (tests shorten it). */
  deletionGraceMs?: number;
}

function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'NotFound';
}

function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** One pass over a namespace: nothing unless it is Terminating and still holds the finalizer. */
export async function syncNamespace(client: ResourceClient, name: string, clock: Clock, logger: Logger): Promise<Result> {
  let ns: NamespaceObject;
  try {
    ns = await client.get<NamespaceObject>(NAMESPACES, undefined, name);
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
  if (!ns.metadata?.deletionTimestamp) return;
  const finalizers = ns.spec?.finalizers ?? [];
  if (!finalizers.includes(NAMESPACE_FINALIZER)) return;

  const pass = await deleteNamespaceContent(client, name, () => clock.now());
  const conditions = updatedConditions(ns.status?.conditions ?? [], pass.report, rfc3339(clock.now()));
  if (conditions) {
    try {
      ns = await client.update<NamespaceObject>(NAMESPACES, undefined, { ...ns, status: { ...(ns.status ?? {}), conditions } }, { subresource: 'status' });
    } catch (err) {
      // As Kubernetes: a failed condition write is logged, it does not stop the deletion.
      logger.warn({ err, namespace: name }, 'updating namespace deletion conditions failed');
    }
  }
  if (pass.report.contentErrors.length > 0) throw new Error(`namespace ${name}: ${pass.report.contentErrors.join('; ')}`);
  if (pass.report.remaining.size > 0) {
    // Half the longest graceful deletion still running, plus a second (Kubernetes' estimate/2 + 1).
    return { requeueAfter: (Math.floor(pass.estimateSeconds / 2) + 1) * 1000 };
  }
  try {
    await client.update<NamespaceObject>(
      NAMESPACES,
      undefined,
      { ...ns, apiVersion: 'v1', kind: 'Namespace', spec: { ...(ns.spec ?? {}), finalizers: finalizers.filter((f) => f !== NAMESPACE_FINALIZER) } },
      { subresource: 'finalize' },
    );
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  logger.info({ namespace: name }, 'namespace emptied and finalized');
}

/** The namespace controller's descriptor with options (the exported `namespaceController` uses the defaults). */
export function newNamespaceController(options: NamespaceControllerOptions = {}): ControllerDescriptor {
  const graceMs = options.deletionGraceMs ?? NAMESPACE_DELETION_GRACE_MS;
  return {
    name: 'namespace-controller',
    aliases: ['namespace'],
    build(ctx) {
      const controller = ctx.newController('namespace', ctx.settings.concurrentNamespaceSyncs, (key) => syncNamespace(ctx.client, key, ctx.clock, ctx.logger));
      const enqueue = (ns: NamespaceObject): void => {
        if (ns.metadata?.deletionTimestamp && ns.metadata.name) controller.enqueueAfter(ns.metadata.name, graceMs);
      };
      ctx.informers.forResource<NamespaceObject>(NAMESPACES).addEventHandler({ onAdd: enqueue, onUpdate: (_old, ns) => enqueue(ns) });
      return { start: () => controller.start(), stop: () => controller.stop() };
    },
  };
}

export const namespaceController: ControllerDescriptor = newNamespaceController();
