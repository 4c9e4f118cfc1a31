/** The scheduler's own metrics, named as kube-scheduler names them. */
import { Counter, Histogram, type Registry } from 'prom-client';

/** Outcome label of an attempt, as kube-scheduler's: scheduled, unschedulable or error. */
export type AttemptResult = 'scheduled' | 'unschedulable' | 'error';

/** kube-scheduler's buckets for attempt durations: 1 ms doubling 15 times (about 16 s). */
const ATTEMPT_DURATION_BUCKETS = Array.from({ length: 15 }, (_v, i) => 0.001 * 2 ** i);

/** kube-scheduler's buckets for victims per preemption: 1 doubling 7 times. */
const PREEMPTION_VICTIMS_BUCKETS = Array.from({ length: 7 }, (_v, i) => 2 ** i);

export class SchedulerMetrics {
  readonly scheduleAttempts: Counter<'result' | 'profile'>;
  readonly attemptDuration: Histogram<'result' | 'profile'>;
  readonly preemptionAttempts: Counter;
  readonly preemptionVictims: Histogram;

  constructor(registry: Registry) {
    this.scheduleAttempts = new Counter({
      name: 'scheduler_schedule_attempts_total',
      help: 'Number of attempts to schedule pods, by the result. unschedulable means a pod could not be scheduled, while error means an internal scheduler problem.',
      labelNames: ['result', 'profile'],
      registers: [registry],
    });
    this.attemptDuration = new Histogram({
      name: 'scheduler_scheduling_attempt_duration_seconds',
      help: 'Scheduling attempt latency in seconds (scheduling algorithm + binding)',
      labelNames: ['result', 'profile'],
      buckets: ATTEMPT_DURATION_BUCKETS,
      registers: [registry],
    });
    this.preemptionAttempts = new Counter({ name: 'scheduler_preemption_attempts_total', help: 'Total preemption attempts in the cluster till now', registers: [registry] });
    this.preemptionVictims = new Histogram({
      name: 'scheduler_preemption_victims',
      help: 'Number of selected preemption victims',
      buckets: PREEMPTION_VICTIMS_BUCKETS,
      registers: [registry],
    });
  }

  /** Counts one attempt and its duration. */
  observe(result: AttemptResult, profile: string, seconds: number): void {
    this.scheduleAttempts.inc({ result, profile });
    this.attemptDuration.observe({ result, profile }, seconds);
  }
}
