/** `GET /api/v1/namespaces/{ns}/pods/{name}/log`: the container's log from its node's kubelet, streamed as it comes. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import type { KubeletConnector } from '../kubelet/kubelet-connector.js';
import { resolvePodTarget } from '../kubelet/pod-target.js';
import type { ContainerLogsRequest } from '../kubelet/kubelet-proto.js';
import { parsePodLogOptions, type PodLogOptions } from './pod-log-options.js';

export const POD_LOG_PATH = '/api/v1/namespaces/:namespace/pods/:name/log';

/** What the pod routes need: reading pods, and the kubelets. */
export interface PodStreamDeps {
  getPod(namespace: string, name: string): Promise<Pod>;
  kubelets: KubeletConnector;
  logger: Logger;
}

interface PodParams {
  namespace: string;
  name: string;
}

function logsRequest(target: ContainerLogsRequest['target'], options: PodLogOptions): ContainerLogsRequest {
  const request: ContainerLogsRequest = { target, follow: options.follow, timestamps: options.timestamps, previous: options.previous };
  if (options.tailLines !== undefined) request.tailLines = options.tailLines;
  if (options.sinceSeconds !== undefined) request.sinceSeconds = options.sinceSeconds;
  if (options.sinceTime !== undefined) request.sinceTime = options.sinceTime;
  if (options.limitBytes !== undefined) request.limitBytes = options.limitBytes;
  return request;
}

export function registerPodLogRoute(app: FastifyInstance, deps: PodStreamDeps): void {
  app.get(POD_LOG_PATH, async (req: FastifyRequest, reply: FastifyReply) => {
    const { namespace, name } = req.params as PodParams;
    req.skiffLabels = { verb: 'GET', group: '', version: 'v1', resource: 'pods', subresource: 'log', scope: 'resource' };
    const options = parsePodLogOptions(new URL(req.url, 'http://skiff.invalid').searchParams, name);
    const pod = await deps.getPod(namespace, name);
    const target = resolvePodTarget(pod, options.container, 'log');
    // As kube-apiserver: a pod not bound to a node yet has an empty log.
    if (!target.node) return reply.code(200).type('text/plain').send('');
    const stream = await deps.kubelets.containerLogs(target.node, logsRequest(target.container, options));

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-cache, private' });
    res.flushHeaders();
    const cancel = () => stream.cancel();
    res.once('close', cancel);
    try {
      for await (const chunk of stream) {
        if (!res.write(chunk)) await new Promise<void>((resolve) => {
          const go = () => {
            res.off('drain', go);
            res.off('close', go);
            resolve();
          };
          res.once('drain', go);
          res.once('close', go);
        });
        if (res.destroyed) break;
      }
    } catch (err) {
      // Headers are gone: the stream just ends, as a broken kubelet connection does upstream.
      deps.logger.warn({ err, namespace, pod: name }, 'container log stream failed');
    } finally {
      res.off('close', cancel);
      stream.cancel();
      res.end();
    }
    return reply;
  });
}
