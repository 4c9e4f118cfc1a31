/** The pods/eviction subresource: deletes a pod unless that would break its PodDisruptionBudget (as kube-apiserver's EvictionREST). */
import { badRequest, conflict, labelSelectorFromSpec, OBJECT_MODIFIED, StatusError } from '@skiff/api';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { rfc3339, type Clock } from './clock.js';
import type { RequestContext } from './context.js';
import type { ResourceRegistry } from './registry.js';
import { checkTypeMeta } from './type-meta.js';
import type { DeleteOptions, KObject } from './types.js';

/** Eviction is served in policy/v1; policy/v1beta1 bodies (older clients) are read alike. */
const EVICTION_VERSIONS = ['policy/v1', 'policy/v1beta1'];

/** Conflicts on the PDB or the pod are retried this many times before the caller sees them (Kubernetes retries 20 times). */
const EVICTION_RETRIES = 20;

/** More unconfirmed evictions than this in a PDB's disruptedPods means the disruption controller is not keeping up. */
export const MAX_DISRUPTED_POD_SIZE = 2000;

/** Suggested client back-off while the PDB controller has not yet processed a PDB's latest generation. */
const RETRY_AFTER_UNPROCESSED_SECONDS = 10;

export const EVICTION_VIOLATES_BUDGET = "Cannot evict pod as it would violate the pod's disruption budget.";
export const EVICTION_MULTIPLE_BUDGETS = 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';

/** The registries and clock an eviction needs. */
export interface EvictionDeps {
  pods: ResourceRegistry;
  podDisruptionBudgets: ResourceRegistry;
  clock: Clock;
}

interface PodView extends KObject {
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: { type?: string; status?: string; reason?: string; message?: string; lastTransitionTime?: string }[] };
}

interface PdbView extends KObject {
  spec?: { selector?: LabelSelector | null; unhealthyPodEvictionPolicy?: string };
  status?: {
    disruptionsAllowed?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    observedGeneration?: number;
    disruptedPods?: Record<string, string>;
    conditions?: { type?: string; status?: string; reason?: string; message?: string; lastTransitionTime?: string; observedGeneration?: number }[];
  };
}

/** The 429 the eviction returns when the budget allows no disruption now. */
function tooManyRequests(causeMessage: string, retryAfterSeconds?: number): StatusError {
  const details: Record<string, unknown> = { causes: [{ reason: 'DisruptionBudget', message: causeMessage }] };
  if (retryAfterSeconds !== undefined) details.retryAfterSeconds = retryAfterSeconds;
  return new StatusError('TooManyRequests', EVICTION_VIOLATES_BUDGET, details);
}

function stillProcessing(pdbName: string): StatusError {
  return tooManyRequests(`The disruption budget ${pdbName} is still being processed by the server.`, RETRY_AFTER_UNPROCESSED_SECONDS);
}

function isConflict(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'Conflict';
}

export function isPodReady(pod: PodView): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Pods that are finished, not yet running, or already terminating are evicted without consulting budgets. */
function canIgnoreBudget(pod: PodView): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata?.deletionTimestamp;
}

/** Only pods that still hold their place need a resourceVersion precondition against racing a budget check. */
function shouldEnforceResourceVersion(pod: PodView): boolean {
  const phase = pod.status?.phase;
  return !(phase === 'Succeeded' || phase === 'Failed' || pod.metadata?.deletionTimestamp);
}

function withResourceVersion(options: DeleteOptions, resourceVersion: string | undefined): DeleteOptions {
  return { ...options, preconditions: { ...(options.preconditions ?? {}), resourceVersion } };
}

/** Reads the Eviction body: kind/version, matching name and namespace, and its delete options. */
function parseEviction(body: unknown, namespace: string, name: string): DeleteOptions {
  const raw = body as KObject | undefined;
  const apiVersion = typeof raw?.apiVersion === 'string' && EVICTION_VERSIONS.includes(raw.apiVersion) ? raw.apiVersion : 'policy/v1';
  const eviction = checkTypeMeta(body, { apiVersion, kind: 'Eviction' });
  const meta = eviction.metadata ?? {};
  if (meta.name !== undefined && meta.name !== name) throw badRequest('name in URL does not match name in Eviction object');
  if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  const options = eviction['deleteOptions'];
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw badRequest('deleteOptions must be a DeleteOptions object');
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = options as DeleteOptions & { kind?: unknown; apiVersion?: unknown };
  for (const v of rest.dryRun ?? []) if (v !== 'All') throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  return rest;
}

async function retrying<T>(shouldRetry: (err: unknown) => boolean, attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= EVICTION_RETRIES || !shouldRetry(err)) throw err;
    }
  }
}

/** Handles POST pods/{name}/eviction; returns the Success Status kube-apiserver answers with (sent as 201). */
export async function evictPod(deps: EvictionDeps, ctx: RequestContext, namespace: string, name: string, body: unknown): Promise<KObject> {
  const options = parseEviction(body, namespace, name);
  const dryRun = !!ctx.dryRun || (options.dryRun ?? []).length > 0;
  const writeCtx: RequestContext = { ...ctx, dryRun };
  const callerPinnedVersion = options.preconditions?.resourceVersion !== undefined;
  const success: KObject = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

  // Pods that may go without a budget check are deleted straight away.
  let pod: PodView | undefined;
  let deleted = false;
  await retrying(
    (err) => isConflict(err) && !callerPinnedVersion,
    async () => {
      pod = (await deps.pods.get(namespace, name)) as PodView;
      if (!canIgnoreBudget(pod)) return;
      const opts = shouldEnforceResourceVersion(pod) && !callerPinnedVersion ? withResourceVersion(options, pod.metadata?.resourceVersion) : options;
      await markAndDelete(deps, writeCtx, namespace, name, opts);
      deleted = true;
    },
  );
  if (deleted || !pod) return success;

  const budgets = await budgetsOf(deps, pod, namespace);
  if (budgets.length > 1) throw new StatusError('InternalError', EVICTION_MULTIPLE_BUDGETS);
  let pinToPod = false;
  const budget = budgets[0];
  if (budget) {
    const status = budget.status ?? {};
    const healthyBudget = (status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0) && (status.desiredHealthy ?? 0) > 0;
    if (!isPodReady(pod) && (healthyBudget || budget.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow')) {
      // An unready pod does not count as healthy: taking it leaves the budget as it is, if the pod stays unready.
      pinToPod = true;
    } else {
      await retrying(isConflict, async () => checkAndDecrement(deps, writeCtx, (await deps.podDisruptionBudgets.get(namespace, budget.metadata?.name ?? '')) as PdbView, name));
    }
  }
  const opts = pinToPod && !callerPinnedVersion ? withResourceVersion(options, pod.metadata?.resourceVersion) : options;
  try {
    await markAndDelete(deps, writeCtx, namespace, name, opts);
  } catch (err) {
    // The pod changed (e.g. became ready) since the decision: let the client retry.
    if (isConflict(err) && pinToPod && !callerPinnedVersion) throw stillProcessing(budget?.metadata?.name ?? '');
    throw err;
  }
  return success;
}

/** The PDBs in the pod's namespace whose selector matches the pod's labels (a PDB without a selector matches nothing). */
async function budgetsOf(deps: EvictionDeps, pod: PodView, namespace: string): Promise<PdbView[]> {
  const labels = (pod.metadata?.labels ?? {}) as Record<string, string>;
  if (Object.keys(labels).length === 0) return [];
  const { items } = await deps.podDisruptionBudgets.list(namespace, {});
  return (items as PdbView[]).filter((pdb) => {
    try {
      return labelSelectorFromSpec(pdb.spec?.selector).matches(labels);
    } catch {
      return false;
    }
  });
}

/** Takes one disruption from the budget, recording the pod in disruptedPods; the PDB's resourceVersion guards the write. */
async function checkAndDecrement(deps: EvictionDeps, ctx: RequestContext, pdb: PdbView, podName: string): Promise<void> {
  const pdbName = pdb.metadata?.name ?? '';
  const status = { ...(pdb.status ?? {}) };
  if ((status.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) throw stillProcessing(pdbName);
  const forbidden = (why: string) =>
    new StatusError('Forbidden', `poddisruptionbudgets.policy "${pdbName}" is forbidden: ${why}`, { name: pdbName, group: 'policy', kind: 'poddisruptionbudgets' });
  const allowed = status.disruptionsAllowed ?? 0;
  if (allowed < 0) throw forbidden('pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    throw forbidden('DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if (allowed === 0) {
    throw tooManyRequests(`The disruption budget ${pdbName} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`);
  }
  const now = rfc3339(deps.clock.now());
  status.disruptionsAllowed = allowed - 1;
  if (status.disruptionsAllowed === 0) {
    status.conditions = (status.conditions ?? []).map((c) =>
      c.type === 'DisruptionAllowed' && c.status !== 'False'
        ? { ...c, status: 'False', reason: 'InsufficientPods', message: '', lastTransitionTime: now }
        : c,
    );
  }
  if (ctx.dryRun) return;
  status.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: now };
  await deps.podDisruptionBudgets.update(ctx, pdb.metadata?.namespace, pdbName, { ...pdb, status }, { fieldValidation: 'Ignore', subresource: 'status' });
}

/** Adds the DisruptionTarget condition (as Kubernetes 1.31 does), then deletes the pod with the eviction's options. */
async function markAndDelete(deps: EvictionDeps, ctx: RequestContext, namespace: string, name: string, options: DeleteOptions): Promise<void> {
  let deleteOptions = options;
  if (!ctx.dryRun) {
    const wanted = options.preconditions?.resourceVersion;
    const updated = (await deps.pods.rawUpdate(namespace, name, (current) => {
      if (wanted !== undefined && current.metadata?.resourceVersion !== wanted) {
        throw conflict({ resource: 'pods', name }, OBJECT_MODIFIED);
      }
      const pod = current as PodView;
      const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
      conditions.push({ type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastTransitionTime: rfc3339(deps.clock.now()) });
      return { ...pod, status: { ...(pod.status ?? {}), conditions } };
    })) as PodView;
    if (wanted !== undefined) deleteOptions = withResourceVersion(options, updated.metadata?.resourceVersion);
  }
  await deps.pods.delete(ctx, namespace, name, deleteOptions);
}
