/** `pods/exec`: a WebSocket (`v5.channel.k8s.io`/`v4.channel.k8s.io`) bridged to the Exec call of the pod's kubelet. */
import { badRequest } from '@skiff/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from '@fastify/websocket';
import type { ExecStart } from '../kubelet/kubelet-proto.js';
import { resolvePodTarget } from '../kubelet/pod-target.js';
import { parsePodExecOptions } from './pod-exec-options.js';
import type { PodStreamDeps } from './pod-log-route.js';
import { bridgeExec } from './websocket-exec-bridge.js';
import { chooseChannelProtocol, offeredProtocols, CHANNEL_PROTOCOLS, type ChannelProtocol } from './websocket-channels.js';

export const POD_EXEC_PATH = '/api/v1/namespaces/:namespace/pods/:name/exec';

/** What a checked exec request will run, and where. */
interface ExecPlan {
  node: string;
  start: ExecStart;
  protocol: ChannelProtocol;
}

const plans = new WeakMap<FastifyRequest, ExecPlan>();

/** Checks the request as kube-apiserver does (pod, container, node) before anything is upgraded. */
async function planExec(req: FastifyRequest, deps: PodStreamDeps): Promise<ExecPlan> {
  const { namespace, name } = req.params as { namespace: string; name: string };
  const options = parsePodExecOptions(new URL(req.url, 'http://skiff.invalid').searchParams);
  const pod = await deps.getPod(namespace, name);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw badRequest(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  const target = resolvePodTarget(pod, options.container, 'exec');
  if (!target.node) throw badRequest(`pod ${name} does not have a host assigned`);
  // An unknown node, or one without an address or port, fails here, before the upgrade.
  await deps.kubelets.addressOf(target.node);
  const protocol = chooseChannelProtocol(offeredProtocols(req.headers['sec-websocket-protocol'])) ?? CHANNEL_PROTOCOLS[0];
  const { command, stdin, stdout, stderr, tty } = options;
  return { node: target.node, protocol, start: { target: target.container, command, stdin, stdout, stderr, tty } };
}

/** kubectl up to 1.29 (and 1.30+ as a fallback) asks for SPDY with a POST; only WebSocket is served. */
const SPDY_NOT_SERVED =
  'unable to upgrade connection: SPDY/3.1 is not served; exec needs a WebSocket upgrade with subprotocol v5.channel.k8s.io (kubectl 1.30 or newer)';

/** The subprotocol the WebSocket server answers with; register it as `@fastify/websocket`'s `options.handleProtocols`. */
export function handleChannelProtocols(protocols: Set<string>): string | false {
  return chooseChannelProtocol(protocols) ?? false;
}

/** Registers GET (WebSocket) and POST (SPDY, refused) on the exec path; needs `@fastify/websocket` registered first. */
export function registerPodExecRoute(app: FastifyInstance, deps: PodStreamDeps): void {
  const labels = (verb: string) => ({ verb, group: '', version: 'v1', resource: 'pods', subresource: 'exec', scope: 'resource' });
  app.route({
    method: 'GET',
    url: POD_EXEC_PATH,
    preValidation: async (req) => {
      req.skiffLabels = labels('CONNECT');
      if (req.ws && !chooseChannelProtocol(offeredProtocols(req.headers['sec-websocket-protocol']))) {
        throw badRequest(`unable to upgrade connection: none of the offered subprotocols is served; supported: ${CHANNEL_PROTOCOLS.join(', ')}`);
      }
      plans.set(req, await planExec(req, deps));
    },
    handler: async () => {
      throw badRequest('Upgrade request required');
    },
    wsHandler: (socket: WebSocket, req: FastifyRequest) => {
      const plan = plans.get(req);
      plans.delete(req);
      if (!plan) {
        socket.close(1011);
        return;
      }
      bridgeExec(socket, plan.protocol, () => deps.kubelets.exec(plan.node, plan.start), deps.logger);
    },
  });
  // The answer is given in a hook: for a request with an Upgrade header, @fastify/websocket replaces the handler.
  app.route({
    method: 'POST',
    url: POD_EXEC_PATH,
    preValidation: async (req) => {
      req.skiffLabels = labels('CONNECT');
      await planExec(req, deps);
      throw badRequest(SPDY_NOT_SERVED);
    },
    handler: async () => {
      throw badRequest(SPDY_NOT_SERVED);
    },
  });
}

