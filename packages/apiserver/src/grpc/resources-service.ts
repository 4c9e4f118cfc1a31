/** The skiff.v1.Resources service: each gRPC call runs through the same ResourceHandler as REST. */
import { Metadata, type sendUnaryData, type ServerUnaryCall, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { toStatusError, unauthorized } from '@skiff/api';
import type { Logger } from 'pino';
import { newContext, type RequestContext } from '../registry/context.js';
import type { RegistryWatch } from '../registry/registry.js';
import type { ApiServerMetrics, RequestLabels } from '../rest/metrics.js';
import type { ResourceHandler, ResourceRequest } from '../rest/resource-handler.js';
import type { GrpcAuthenticator, GrpcCall } from './authn.js';
import type { ObjectResponse } from './messages.js';
import { createRequest, deleteRequest, getRequest, listRequest, patchRequest, updateRequest, watchRequest } from './request-mapping.js';
import { toGrpcError } from './status-codes.js';
import { errorEvent, sendWatch, type WatchEventsCall } from './watch-sender.js';

/** Without timeout_seconds a watch lasts a random 30-60 minutes, as REST watches (and kube-apiserver's) do. */
const MIN_WATCH_SECONDS = 30 * 60;

export interface ResourcesServiceOptions {
  handler: ResourceHandler;
  authenticate: GrpcAuthenticator;
  logger: Logger;
  metrics?: ApiServerMetrics;
}

type BuildRequest<Req> = (req: Req, ctx: RequestContext) => ResourceRequest;

/** Milliseconds until the call's deadline, or undefined when it has none. */
function msUntilDeadline(call: { getDeadline(): Date | number }): number | undefined {
  const deadline = call.getDeadline();
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

function labelsOf(req: ResourceRequest, verb: string): RequestLabels {
  return {
    verb,
    group: req.info.group,
    version: req.info.version,
    resource: req.info.resource,
    subresource: req.subresource ?? '',
    scope: req.name ? 'resource' : req.namespace ? 'namespace' : 'cluster',
  };
}

export class ResourcesService {
  constructor(private readonly opts: ResourcesServiceOptions) {}

  /** The handlers to register with `server.addService`. */
  implementation(): UntypedServiceImplementation {
    return {
      Get: this.unary(getRequest, 'GET'),
      List: this.unary(listRequest, 'LIST'),
      Create: this.unary(createRequest, 'POST'),
      Update: this.unary(updateRequest, 'PUT'),
      Patch: this.unary(patchRequest, 'PATCH'),
      Delete: this.unary(deleteRequest, 'DELETE'),
      Watch: (call: WatchEventsCall) => void this.watch(call),
    };
  }

  /** A context for the call's user, aborted when the client cancels or the deadline passes. */
  private context(call: GrpcCall & { on(event: 'cancelled', fn: () => void): unknown; getDeadline(): Date | number }): { ctx: RequestContext; done: () => void } {
    const user = this.opts.authenticate(call);
    if (!user) throw unauthorized();
    const abort = new AbortController();
    const onCancel = () => abort.abort();
    call.on('cancelled', onCancel);
    const ms = msUntilDeadline(call);
    const timer = ms === undefined ? undefined : setTimeout(onCancel, ms);
    const ctx = newContext(user, { signal: abort.signal });
    // As REST defaults it from the User-Agent: the client's program name.
    const agent = call.metadata.get('user-agent')[0];
    ctx.fieldManager = (typeof agent === 'string' ? agent.split('/')[0] : undefined) || undefined;
    return { ctx, done: () => timer && clearTimeout(timer) };
  }

  private unary<Req>(build: BuildRequest<Req>, verb: string) {
    return (call: ServerUnaryCall<Req, ObjectResponse>, callback: sendUnaryData<ObjectResponse>) => {
      const started = performance.now();
      let labels: RequestLabels | undefined;
      let done: (() => void) | undefined;
      const finish = (code: number) => {
        done?.();
        if (labels) this.opts.metrics?.observe(labels, code, (performance.now() - started) / 1000);
      };
      const run = async (): Promise<ObjectResponse> => {
        const context = this.context(call);
        done = context.done;
        const req = build(call.request, context.ctx);
        labels = labelsOf(req, verb);
        const result = await this.opts.handler.handle(req);
        if (!('code' in result)) throw new Error('a unary call produced a watch');
        return { object: Buffer.from(JSON.stringify(result.body)), code: result.code, warnings: context.ctx.warnings };
      };
      run().then(
        (response) => {
          finish(response.code);
          callback(null, response);
        },
        (err: unknown) => {
          const status = toStatusError(err);
          if (status.code >= 500) this.opts.logger.error({ err }, 'grpc request failed');
          finish(status.code);
          callback(toGrpcError(status));
        },
      );
    };
  }

  private async watch(call: WatchEventsCall): Promise<void> {
    let watch: RegistryWatch;
    let timeoutSeconds: number | undefined;
    let context: { ctx: RequestContext; done: () => void } | undefined;
    let labels: RequestLabels;
    try {
      context = this.context(call);
      const req = watchRequest(call.request, context.ctx);
      labels = labelsOf(req, 'WATCH');
      const result = await this.opts.handler.handle(req);
      if (!('watch' in result)) throw new Error('a watch call produced no watch');
      ({ watch, timeoutSeconds } = result);
    } catch (err) {
      context?.done();
      const status = toStatusError(err);
      // As REST: a watch that cannot start from its revision is one ERROR event, so informers relist.
      if (status.code === 410) {
        call.write({ events: [errorEvent(status)] });
        call.end();
      } else {
        call.emit('error', toGrpcError(status));
      }
      return;
    }
    if (call.cancelled) {
      watch.stop();
      context.done();
      return;
    }
    // Headers now tell the client the watch is established (as REST flushes its headers), even before any event.
    call.sendMetadata(new Metadata());
    const finished = this.opts.metrics?.watchStarted(labels);
    const info = labels;
    const stop = () => watch.stop();
    call.on('cancelled', stop);
    context.ctx.signal?.addEventListener('abort', stop);
    const timer = setTimeout(stop, (timeoutSeconds ?? MIN_WATCH_SECONDS + Math.floor(Math.random() * MIN_WATCH_SECONDS)) * 1000);
    try {
      await sendWatch(call, watch, (event) => this.opts.metrics?.watchEvent(info.group, info.version, event.object.kind ?? ''));
    } finally {
      clearTimeout(timer);
      call.off('cancelled', stop);
      context.ctx.signal?.removeEventListener('abort', stop);
      context.done();
      watch.stop();
      finished?.();
      if (!call.cancelled) call.end();
    }
  }
}
