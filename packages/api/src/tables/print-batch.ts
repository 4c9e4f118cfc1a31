/** Printers for batch/v1 Job (STATUS COMPLETIONS DURATION AGE) and CronJob. */
import type { CronJob, Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import { formatAge, humanDuration, parseTime } from './format-age.js';
import { containerCells, formatBool, formatLabelSelector, int } from './format.js';
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, ageOf, column, printer } from './printer.js';

const SELECTOR_COLUMN = column('Selector', 'string', 'Label query over the pods of the job.', { wide: true });

/** Whether the first condition of `type` is True. */
function hasCondition(conditions: readonly JobCondition[] | undefined, type: string): boolean {
  return (conditions ?? []).find((c) => c.type === type)?.status === 'True';
}

/** STATUS: Complete, Failed, Terminating, Suspended, FailureTarget or Running. */
export function jobStatus(job: Job): string {
  const conditions = job.status?.conditions;
  if (hasCondition(conditions, 'Complete')) return 'Complete';
  if (hasCondition(conditions, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp != null) return 'Terminating';
  if (hasCondition(conditions, 'Suspended')) return 'Suspended';
  if (hasCondition(conditions, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** COMPLETIONS: `succeeded/completions`, or `n/1 of P` for a work queue with parallelism P. */
export function jobCompletions(job: Job): string {
  const succeeded = int(job.status?.succeeded);
  const completions = job.spec?.completions;
  if (typeof completions === 'number') return `${succeeded}/${completions}`;
  const parallelism = int(job.spec?.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** DURATION: from start to completion, or to now while running; empty before the job starts. */
export function jobDuration(job: Job, now: Date): string {
  const start = parseTime(job.status?.startTime);
  if (start === undefined) return '';
  const end = parseTime(job.status?.completionTime) ?? now;
  return humanDuration(end.getTime() - start.getTime());
}

export const JOB_PRINTER = printer<Job>(
  [
    NAME_COLUMN,
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    column('Duration', 'string', 'Time required to complete the job.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  (job, now) => {
    const [names, images] = containerCells(job.spec?.template?.spec?.containers);
    return [job.metadata?.name ?? '', jobStatus(job), jobCompletions(job), jobDuration(job, now), ageOf(job, now), names, images, formatLabelSelector(job.spec?.selector)];
  },
);

export const CRONJOB_PRINTER = printer<CronJob>(
  [
    NAME_COLUMN,
    column('Schedule', 'string', 'The schedule in Cron format.'),
    column('Timezone', 'string', 'The time zone the schedule is interpreted in.'),
    column('Suspend', 'boolean', 'Whether subsequent executions are suspended.'),
    column('Active', 'integer', 'Number of currently running jobs.'),
    column('Last Schedule', 'string', 'When the job was last successfully scheduled.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  (cj, now) => {
    const jobSpec = cj.spec?.jobTemplate?.spec;
    const [names, images] = containerCells(jobSpec?.template?.spec?.containers);
    const lastSchedule = cj.status?.lastScheduleTime ? formatAge(cj.status.lastScheduleTime, now) : '<none>';
    return [
      cj.metadata?.name ?? '',
      cj.spec?.schedule ?? '',
      cj.spec?.timeZone ?? '<none>',
      formatBool(cj.spec?.suspend),
      (cj.status?.active ?? []).length,
      lastSchedule,
      ageOf(cj, now),
      names,
      images,
      formatLabelSelector(jobSpec?.selector),
    ];
  },
);
