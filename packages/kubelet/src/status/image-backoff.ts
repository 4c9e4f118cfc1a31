/** ImagePullBackOff bookkeeping: how long a pod waits before pulling an image again after a failed pull. */
import type { Clock } from '@skiff/runtime';
import type { ContainerWaiting } from '../pod/runtime-state.js';
import { KeyedBackoff } from './backoff.js';

/** The kubelet's first delay after a failed pull (upstream backOffPeriod: 10 s). */
export const IMAGE_BACKOFF_INITIAL_MS = 10_000;
/** The kubelet's cap on the pull delay (upstream MaxImageBackOff: 5 min). */
export const IMAGE_BACKOFF_MAX_MS = 300_000;

/** `Back-off pulling image "x"`: the ImagePullBackOff waiting message. */
export function imagePullBackOffMessage(image: string): string {
  return `Back-off pulling image ${JSON.stringify(image)}`;
}

/** Per pod-and-image pull back-off (10 s doubling to 5 min). */
export class ImageBackoff extends KeyedBackoff {

  constructor(clock: Pick<Clock, 'now'>, options: { initialMs?: number; maxMs?: number } = {}) {
    super({ initialMs: options.initialMs ?? IMAGE_BACKOFF_INITIAL_MS, maxMs: options.maxMs ?? IMAGE_BACKOFF_MAX_MS, clock });
  }

  /** The key of one image of one pod (upstream keys pulls by pod uid and image). */
  static key(podUid: string, image: string): string {
    return `${podUid}_${image}`;
  }

  /** True while a pull of `key` must wait (less than the current delay since the last failed pull). */
  isInBackOff(key: string, now?: number): boolean {
    return this.backoff.isInBackOff(key, now);
  }

  /** Records a failed pull at `now`. */
  next(key: string, now?: number): void {
    this.backoff.next(key, now);
  }

  /** What the pod worker asks before pulling: the ImagePullBackOff waiting state while it must wait, else undefined. */
  beforePull(podUid: string, image: string, now?: number): ContainerWaiting | undefined {
    if (!this.isInBackOff(ImageBackoff.key(podUid, image), now)) return undefined;
    return { reason: 'ImagePullBackOff', message: imagePullBackOffMessage(image) };
  }

  /** Records a failed pull and returns the ErrImagePull waiting state carrying the runtime's message. */
  pullFailed(podUid: string, image: string, message: string, now?: number): ContainerWaiting {
    this.next(ImageBackoff.key(podUid, image), now);
    return { reason: 'ErrImagePull', message };
  }
}
