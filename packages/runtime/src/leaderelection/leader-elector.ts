/** Leader election over a coordination.k8s.io/v1 Lease, after client-go's leaderelection package. */
import { isStatusError } from '@skiff/api';
import type { ResourceClient } from '@skiff/client';
import { pino, type Logger } from 'pino';
import { realClock, type Clock } from '../clock/index.js';
import { race, waitFor } from './clock-wait.js';
import { LEASES, leaseSpec, recordFromLease, recordKey, type LeaderElectionRecord, type LeaseObject } from './lease-record.js';

/** How long a non-renewed lease stays valid for others: client-go's usual 15 s. */
export const DEFAULT_LEASE_DURATION_MS = 15_000;
/** How long the leader keeps trying to renew before it gives up leading: client-go's usual 10 s. */
export const DEFAULT_RENEW_DEADLINE_MS = 10_000;
/** Pause between attempts to acquire or renew: client-go's usual 2 s. */
export const DEFAULT_RETRY_PERIOD_MS = 2_000;
/** Acquire attempts wait retryPeriod * (1 + rand * JITTER_FACTOR), so candidates do not poll in lockstep (client-go's value). */
export const JITTER_FACTOR = 1.2;
/** Duration written on release, so a reader of an old client sees the lease lapse at once (client-go's ReleaseOnCancel). */
export const RELEASED_LEASE_DURATION_SECONDS = 1;

export interface LeaderElectorOptions {
  client: ResourceClient;
  namespace: string;
  /** Name of the Lease. */
  name: string;
  /** This candidate's identity, unique among candidates (e.g. hostname + random suffix). */
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  clock?: Clock;
  /** Called once leadership is won; `signal` aborts when it is lost or the elector stops. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called once after leading ends (only if leading had started). */
  onStoppedLeading(): void;
  /** Called when a different (non-empty) holder is observed, including this candidate. */
  onNewLeader?(identity: string): void;
  /** Give the lease up when leading ends, so another candidate takes over without waiting for expiry. */
  releaseOnCancel?: boolean;
  logger?: Logger;
}

interface Observation {
  lease: LeaseObject;
  record: LeaderElectionRecord;
  key: string;
  /** When THIS elector first saw this record (its own clock); expiry counts from here, not from renewTime. */
  time: number;
}

/** One candidate for one Lease. `run(signal)` contends, leads while it can, and returns when leading ends. */
export class LeaderElector {
  private readonly client: ResourceClient;
  private readonly namespace: string;
  private readonly name: string;
  private readonly identity: string;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly clock: Clock;
  private readonly releaseOnCancel: boolean;
  private readonly log: Logger;
  private readonly opts: LeaderElectorOptions;
  private observed: Observation | undefined;
  private reportedLeader = '';
  private leading = false;
  private running = false;
  /** Start time of the last successful acquire/renew: the write landed after it, so others' expiry counts from later. */
  private lastRenewStart = 0;

  constructor(opts: LeaderElectorOptions) {
    this.opts = opts;
    this.client = opts.client;
    this.namespace = opts.namespace;
    this.name = opts.name;
    this.identity = opts.identity;
    this.leaseDurationMs = opts.leaseDurationMs ?? DEFAULT_LEASE_DURATION_MS;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? DEFAULT_RENEW_DEADLINE_MS;
    this.retryPeriodMs = opts.retryPeriodMs ?? DEFAULT_RETRY_PERIOD_MS;
    this.clock = opts.clock ?? realClock;
    this.releaseOnCancel = opts.releaseOnCancel ?? true;
    this.log = (opts.logger ?? pino({ name: 'leader-election' })).child({ lease: `${opts.namespace}/${opts.name}`, identity: opts.identity });
    // The same checks as client-go's NewLeaderElector: these orderings are what makes two leaders impossible.
    if (!opts.identity) throw new RangeError('Lock identity is empty');
    if (!opts.name || !opts.namespace) throw new RangeError('lease namespace and name are required');
    if (this.retryPeriodMs < 1) throw new RangeError('retryPeriod must be greater than zero');
    if (this.leaseDurationMs <= this.renewDeadlineMs) throw new RangeError('leaseDuration must be greater than renewDeadline');
    if (this.renewDeadlineMs <= JITTER_FACTOR * this.retryPeriodMs) {
      throw new RangeError(`renewDeadline must be greater than retryPeriod*JitterFactor`);
    }
  }

  /** True while this elector leads (between onStartedLeading and the abort of its signal). */
  isLeader(): boolean {
    return this.leading;
  }

  /** The holder identity last observed on the Lease ('' if none). */
  getLeader(): string {
    return this.observed?.record.holderIdentity ?? '';
  }

  /**
   * Contends until leadership is won, leads until it is lost or `signal` aborts, then (with
   * releaseOnCancel) gives the lease up. Resolves when done; never rejects for API errors.
   */
  async run(signal: AbortSignal): Promise<void> {
    if (this.running) throw new Error('LeaderElector.run is already running');
    this.running = true;
    try {
      if (!(await this.acquire(signal))) return;
      const leadership = new AbortController();
      this.leading = true;
      this.log.info('became leader');
      this.callback(() => this.opts.onStartedLeading(leadership.signal));
      await this.renew(signal);
      this.leading = false;
      leadership.abort();
      this.log.info(signal.aborted ? 'stopped leading: shutting down' : 'stopped leading: failed to renew lease');
      this.callback(() => this.opts.onStoppedLeading());
      if (this.releaseOnCancel) await this.release();
    } finally {
      this.leading = false;
      this.running = false;
    }
  }

  /** Tries until the lease is ours; false if `signal` aborted first. */
  private async acquire(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      const start = this.clock.now();
      const ok = await this.tryAcquireOrRenew(start);
      if (ok && signal.aborted) {
        if (this.releaseOnCancel) await this.release();
        return false;
      }
      // A success that took longer than renewDeadline is too stale to lead on; the next attempt renews.
      if (ok && this.clock.now() - start < this.renewDeadlineMs) {
        this.lastRenewStart = start;
        return true;
      }
      await waitFor(this.clock, Math.round(this.retryPeriodMs * (1 + Math.random() * JITTER_FACTOR)), signal);
    }
    return false;
  }

  /** Renews every retryPeriod; returns when `signal` aborts or renewing failed for renewDeadline. */
  private async renew(signal: AbortSignal): Promise<void> {
    for (;;) {
      await waitFor(this.clock, this.retryPeriodMs, signal);
      if (signal.aborted) return;
      for (;;) {
        const deadline = this.lastRenewStart + this.renewDeadlineMs;
        const start = this.clock.now();
        if (start >= deadline) return;
        const outcome = await race(this.clock, this.tryAcquireOrRenew(start), deadline - start, signal);
        if (outcome.kind === 'aborted') return;
        if (outcome.kind === 'done' && outcome.value) {
          this.lastRenewStart = start;
          break;
        }
        const left = deadline - this.clock.now();
        if (left <= 0) return;
        await waitFor(this.clock, Math.min(this.retryPeriodMs, left), signal);
        if (signal.aborted) return;
      }
    }
  }

  /** One attempt: create the lease, take it over if expired, or renew it if ours. Never rejects. */
  private async tryAcquireOrRenew(now: number): Promise<boolean> {
    const desired: LeaderElectionRecord = {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      acquireTime: now,
      renewTime: now,
      leaseTransitions: 0,
    };
    let current: LeaseObject;
    try {
      current = await this.client.get<LeaseObject>(LEASES, this.namespace, this.name);
    } catch (err) {
      if (!(isStatusError(err) && err.reason === 'NotFound')) {
        this.log.warn({ err: String(err) }, 'error retrieving lease');
        return false;
      }
      const lease: LeaseObject = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: this.name, namespace: this.namespace },
        spec: leaseSpec(desired),
      };
      try {
        this.observe(await this.client.create(LEASES, this.namespace, lease));
        return true;
      } catch (createErr) {
        this.log.warn({ err: String(createErr) }, 'error initially creating lease');
        return false;
      }
    }

    const old = this.observe(current);
    const expiresAt = this.observed!.time + old.leaseDurationSeconds * 1000;
    if (old.holderIdentity && old.holderIdentity !== this.identity && expiresAt > this.clock.now()) {
      this.log.debug({ holder: old.holderIdentity }, 'lease is held by another candidate and has not yet expired');
      return false;
    }
    if (old.holderIdentity === this.identity) {
      desired.acquireTime = old.acquireTime;
      desired.leaseTransitions = old.leaseTransitions;
    } else {
      desired.leaseTransitions = old.leaseTransitions + 1;
    }
    // The update carries the resourceVersion just read: a concurrent writer makes it a 409, so only one wins.
    const next: LeaseObject = { ...current, spec: leaseSpec(desired) };
    try {
      this.observe(await this.client.update(LEASES, this.namespace, next));
      return true;
    } catch (err) {
      this.log.warn({ err: String(err) }, 'failed to update lease');
      return false;
    }
  }

  /** Gives the lease up if this elector holds it: empty holder, 1-second duration. Best effort. */
  private async release(): Promise<void> {
    const observed = this.observed;
    if (!observed || observed.record.holderIdentity !== this.identity) return;
    const now = this.clock.now();
    const released: LeaderElectionRecord = {
      holderIdentity: '',
      leaseDurationSeconds: RELEASED_LEASE_DURATION_SECONDS,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: observed.record.leaseTransitions,
    };
    const next: LeaseObject = { ...observed.lease, spec: leaseSpec(released) };
    const write = this.client.update(LEASES, this.namespace, next).then(
      (lease) => {
        this.observe(lease);
        this.log.info('released lease');
      },
      (err) => this.log.warn({ err: String(err) }, 'failed to release lease'),
    );
    // Bounded: shutting down must not hang on an unreachable server.
    await race(this.clock, write, this.renewDeadlineMs);
  }

  /** Records what was read, restarting the expiry clock only when the record changed. */
  private observe(lease: LeaseObject): LeaderElectionRecord {
    const record = recordFromLease(lease);
    const key = recordKey(record, lease.metadata?.resourceVersion);
    if (!this.observed || this.observed.key !== key) {
      this.observed = { lease, record, key, time: this.clock.now() };
    } else {
      this.observed.lease = lease;
    }
    const holder = record.holderIdentity;
    if (holder && holder !== this.reportedLeader) {
      this.reportedLeader = holder;
      const onNewLeader = this.opts.onNewLeader;
      if (onNewLeader) this.callback(() => onNewLeader(holder));
    }
    return record;
  }

  /** Runs a user callback; its errors are logged, never thrown into the election loop. */
  private callback(fn: () => unknown): void {
    try {
      const result = fn();
      if (result instanceof Promise) result.catch((err: unknown) => this.log.error({ err: String(err) }, 'leader election callback failed'));
    } catch (err) {
      this.log.error({ err: String(err) }, 'leader election callback failed');
    }
  }
}
