/** Jobs: a generated selector and controller labels, as the Job API does when manualSelector is unset. */
import type { ResourceInfo } from '@skiff/api';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { KObject, Strategy, Writable } from '../types.js';
import { defaultStrategy, resetStatus } from './default.js';

export const JOB_CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
/** Unprefixed labels kept for clients that still select on them. */
const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
const LEGACY_JOB_NAME_LABEL = 'job-name';

export function jobStrategy(info: ResourceInfo): Strategy {
  return {
    ...defaultStrategy(info),
    prepareForCreate(obj) {
      resetStatus(obj);
      const job = obj as Writable<Job> & KObject;
      if (job.spec?.manualSelector) return;
      const uid = job.metadata?.uid ?? '';
      const name = job.metadata?.name ?? '';
      const spec = (job.spec ??= { template: {} });
      const template = (spec.template ??= {});
      const meta = (template.metadata ??= {});
      meta.labels = {
        ...(meta.labels ?? {}),
        [JOB_CONTROLLER_UID_LABEL]: uid,
        [JOB_NAME_LABEL]: name,
        [LEGACY_CONTROLLER_UID_LABEL]: uid,
        [LEGACY_JOB_NAME_LABEL]: name,
      };
      spec.selector = { matchLabels: { [JOB_CONTROLLER_UID_LABEL]: uid } };
    },
  };
}
