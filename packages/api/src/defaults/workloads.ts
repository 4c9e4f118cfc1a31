/** Defaults of apps/v1 workloads: Deployment, ReplicaSet, DaemonSet, StatefulSet. */
import { child, ensureChild, items, setIfNil, setIfZero, type Obj } from './fields.js';
import { defaultPodTemplateOf } from './pod-spec.js';
import { defaultPersistentVolumeClaimSpec } from './volumes.js';

/** Old ReplicaSets / ControllerRevisions kept for rollback unless the user says otherwise. */
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
/** Seconds without progress before a Deployment reports ProgressDeadlineExceeded. */
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
/** Rolling-update budget of a Deployment: a quarter of the replicas either way. */
const DEPLOYMENT_MAX_UNAVAILABLE = '25%';
const DEPLOYMENT_MAX_SURGE = '25%';
/** A DaemonSet replaces one node's pod at a time and never runs two on a node. */
const DAEMONSET_MAX_UNAVAILABLE = 1;
const DAEMONSET_MAX_SURGE = 0;

export function defaultDeployment(obj: Obj): void {
  const spec = ensureChild(obj, 'spec');
  if (!spec) return;
  setIfNil(spec, 'replicas', 1);
  const strategy = ensureChild(spec, 'strategy');
  if (strategy) {
    setIfZero(strategy, 'type', 'RollingUpdate');
    if (strategy['type'] === 'RollingUpdate') {
      const rollingUpdate = ensureChild(strategy, 'rollingUpdate');
      if (rollingUpdate) {
        setIfNil(rollingUpdate, 'maxUnavailable', DEPLOYMENT_MAX_UNAVAILABLE);
        setIfNil(rollingUpdate, 'maxSurge', DEPLOYMENT_MAX_SURGE);
      }
    }
  }
  setIfNil(spec, 'revisionHistoryLimit', DEFAULT_REVISION_HISTORY_LIMIT);
  setIfNil(spec, 'progressDeadlineSeconds', DEFAULT_PROGRESS_DEADLINE_SECONDS);
  defaultPodTemplateOf(spec);
}

export function defaultReplicaSet(obj: Obj): void {
  const spec = ensureChild(obj, 'spec');
  if (!spec) return;
  setIfNil(spec, 'replicas', 1);
  defaultPodTemplateOf(spec);
}

export function defaultDaemonSet(obj: Obj): void {
  const spec = ensureChild(obj, 'spec');
  if (!spec) return;
  const strategy = ensureChild(spec, 'updateStrategy');
  if (strategy) {
    setIfZero(strategy, 'type', 'RollingUpdate');
    if (strategy['type'] === 'RollingUpdate') {
      const rollingUpdate = ensureChild(strategy, 'rollingUpdate');
      if (rollingUpdate) {
        setIfNil(rollingUpdate, 'maxUnavailable', DAEMONSET_MAX_UNAVAILABLE);
        setIfNil(rollingUpdate, 'maxSurge', DAEMONSET_MAX_SURGE);
      }
    }
  }
  setIfNil(spec, 'revisionHistoryLimit', DEFAULT_REVISION_HISTORY_LIMIT);
  defaultPodTemplateOf(spec);
}

export function defaultStatefulSet(obj: Obj): void {
  const spec = ensureChild(obj, 'spec');
  if (!spec) return;
  setIfZero(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = ensureChild(spec, 'updateStrategy');
  if (strategy) {
    // Only a defaulted type gets a rollingUpdate block; an explicit RollingUpdate without one keeps none.
    if (!strategy['type']) {
      strategy['type'] = 'RollingUpdate';
      setIfNil(strategy, 'rollingUpdate', {});
    }
    const rollingUpdate = child(strategy, 'rollingUpdate');
    if (strategy['type'] === 'RollingUpdate' && rollingUpdate) setIfNil(rollingUpdate, 'partition', 0);
  }
  const retention = ensureChild(spec, 'persistentVolumeClaimRetentionPolicy');
  if (retention) {
    setIfZero(retention, 'whenDeleted', 'Retain');
    setIfZero(retention, 'whenScaled', 'Retain');
  }
  setIfNil(spec, 'replicas', 1);
  setIfNil(spec, 'revisionHistoryLimit', DEFAULT_REVISION_HISTORY_LIMIT);
  defaultPodTemplateOf(spec);
  for (const claim of items(spec, 'volumeClaimTemplates')) {
    const claimSpec = ensureChild(claim, 'spec');
    if (claimSpec) defaultPersistentVolumeClaimSpec(claimSpec);
    const status = ensureChild(claim, 'status');
    if (status) setIfZero(status, 'phase', 'Pending');
  }
}
