/** The REST transport: a fastify app serving the Kubernetes API, discovery, OpenAPI, health and metrics. */
import { notFound, openapiV2Protobuf, openapiV3Document, openapiV3Index, StatusError, toStatusError, unauthorized } from '@skiff/api';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyWebsocket from '@fastify/websocket';
import type { Logger } from 'pino';
import { newContext, type UserInfo } from '../registry/context.js';
import type { Clock } from '../registry/clock.js';
import { ANONYMOUS, isPublicPath, type Authenticator } from './authn.js';
import { aggregatedContentType, aggregatedDiscovery, apiGroupDocument, apiGroupList, apiResourceList, apiVersions } from './discovery.js';
import { aggregatedDiscoveryVersion, decodeBody, MAX_REQUEST_BODY_BYTES, mediaTypeOf, parseAccept, wantsTable } from './media.js';
import type { ApiServerMetrics, RequestLabels } from './metrics.js';
import { parseRequestPath } from './request-info.js';
import { ResourceHandler, type Registries } from './resource-handler.js';
import { versionInfo } from './version.js';
import { registerPodLogRoute, type PodStreamDeps } from './pod-log-route.js';
import { handleChannelProtocols, registerPodExecRoute } from './pod-exec-route.js';
import { WEBSOCKET_MAX_PAYLOAD_BYTES } from './websocket-channels.js';
import { streamWatch, streamWatchError } from './watch-stream.js';

export interface RestAppOptions {
  registries: Registries;
  clock: Clock;
  metrics: ApiServerMetrics;
  authenticate: Authenticator;
  logger: Logger;
  /** `host:port` clients reach the server at, for legacy discovery. */
  serverAddress: string;
  /** Readiness: true once storage and bootstrap are done. */
  ready: () => boolean;
  https?: { key: string; cert: string; ca: string };
  /** Serves `pods/log` and `pods/exec` through the kubelets; absent: those paths are not served. */
  podStreams?: PodStreamDeps;
}

declare module 'fastify' {
  interface FastifyRequest {
    skiffUser: UserInfo;
    skiffLabels?: RequestLabels;
  }
}

function sendStatus(reply: FastifyReply, err: unknown, logger: Logger): FastifyReply {
  const status = toStatusError(err);
  if (status.code >= 500) logger.error({ err }, 'request failed');
  return reply.code(status.code).type('application/json').send(status.toStatus());
}

/** Maps fastify's own errors (body too large, bad content length) to Status errors. */
function fromFastifyError(err: unknown): StatusError {
  const e = err as { code?: string; statusCode?: number; message?: string };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new StatusError('RequestEntityTooLarge', `the request body is too large: limit is ${MAX_REQUEST_BODY_BYTES} bytes`);
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new StatusError('UnsupportedMediaType', e.message ?? 'unsupported media type');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new StatusError('BadRequest', e.message ?? 'bad request');
  return toStatusError(err);
}

export function buildRestApp(opts: RestAppOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: opts.logger.child({ transport: 'rest' }) as never,
    // Each request is counted in metrics; per-request log lines would drown the log.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_REQUEST_BODY_BYTES,
    // Long-lived watches must not be cut by a server timeout, and must not hold up shutdown.
    requestTimeout: 0,
    forceCloseConnections: true,
    // Object paths (`/apis/<group>/<version>/namespaces/<ns>/<resource>/<name>/<sub>`) can be long.
    routerOptions: { maxParamLength: 4096 },
    ...(opts.https ? { https: { key: opts.https.key, cert: opts.https.cert, ca: opts.https.ca, requestCert: true, rejectUnauthorized: false } } : {}),
  }) as unknown as FastifyInstance;
  const handler = new ResourceHandler(opts.registries, opts.clock);
  const logger = opts.logger;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.decorateRequest('skiffUser', null as unknown as UserInfo);
  app.addHook('onRequest', async (req, reply) => {
    const user = opts.authenticate(req.raw);
    const path = req.url.split('?')[0]!;
    if (!user && !isPublicPath(path)) return sendStatus(reply, unauthorized(), logger);
    req.skiffUser = user ?? ANONYMOUS;
    return undefined;
  });
  app.addHook('onResponse', async (req, reply) => {
    if (req.skiffLabels) opts.metrics.observe(req.skiffLabels, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.setErrorHandler((err, _req, reply) => sendStatus(reply, fromFastifyError(err), logger));
  app.setNotFoundHandler((req, reply) => {
    const status = new StatusError('NotFound', 'the server could not find the requested resource', undefined);
    void req;
    return reply.code(404).type('application/json').send(status.toStatus());
  });

  app.get('/version', async () => versionInfo());
  for (const path of ['/healthz', '/livez']) app.get(path, async (_req, reply) => reply.type('text/plain').send('ok'));
  app.get('/readyz', async (_req, reply) => (opts.ready() ? reply.type('text/plain').send('ok') : reply.code(500).type('text/plain').send('[-]storage not ready\nreadyz check failed')));
  app.get('/metrics', async (_req, reply) => reply.type(opts.metrics.registry.contentType).send(await opts.metrics.registry.metrics()));

  app.get('/openapi/v3', async () => openapiV3Index());
  app.get('/openapi/v3/*', async (req, reply) => {
    const path = (req.params as { '*': string })['*'];
    const parts = path.split('/');
    const doc = parts[0] === 'api' && parts.length === 2 ? openapiV3Document('', parts[1]!) : parts[0] === 'apis' && parts.length === 3 ? openapiV3Document(parts[1]!, parts[2]!) : undefined;
    if (!doc) return reply.callNotFound();
    return reply.header('Cache-Control', 'no-cache, private').send(doc);
  });
  app.get('/openapi/v2', async (req, reply) => {
    // Only the protobuf form exists; kubectl fails on JSON here, so anything else is a 404.
    if (!(req.headers.accept ?? '').includes('protobuf')) return reply.callNotFound();
    return reply.type('application/octet-stream').send(Buffer.from(openapiV2Protobuf()));
  });

  const serveApi = async (req: FastifyRequest, reply: FastifyReply) => {
    const url = new URL(req.url, 'http://skiff.invalid');
    const target = parseRequestPath(url.pathname);
    const accept = parseAccept(req.headers.accept);
    switch (target.kind) {
      case 'api-versions':
      case 'api-groups': {
        const core = target.kind === 'api-versions';
        const aggregated = aggregatedDiscoveryVersion(accept);
        if (aggregated) {
          // Sent as text so the media type's parameters reach kubectl exactly as written.
          return reply.header('content-type', aggregatedContentType(aggregated)).send(Buffer.from(JSON.stringify(aggregatedDiscovery(core, aggregated))));
        }
        return core ? apiVersions(opts.serverAddress) : apiGroupList();
      }
      case 'api-group': {
        const doc = apiGroupDocument(target.group);
        return doc ?? reply.callNotFound();
      }
      case 'resource-list': {
        const doc = apiResourceList(target.group, target.version);
        return doc ?? reply.callNotFound();
      }
      case 'unknown':
        return reply.callNotFound();
      case 'resource':
        break;
    }
    if (!target.info) {
      if (!apiResourceList(target.group, target.version)) return reply.callNotFound();
      throw notFound({ resource: target.resource, group: target.group, name: target.name ?? '' });
    }
    const table = wantsTable(accept);
    const ctx = newContext(req.skiffUser);
    const userAgent = req.headers['user-agent'] ?? '';
    ctx.fieldManager = userAgent.split('/')[0] || undefined;
    const body = req.method === 'GET' ? undefined : decodeBody(req.body as Buffer | undefined, req.headers['content-type']);
    const labels: RequestLabels = {
      verb: req.method,
      group: target.group,
      version: target.version,
      resource: target.resource,
      subresource: target.subresource ?? '',
      scope: target.name ? 'resource' : target.namespace ? 'namespace' : 'cluster',
    };
    req.skiffLabels = labels;
    const result = await handler
      .handle({
        method: req.method,
        info: target.info,
        namespace: target.namespace,
        name: target.name,
        subresource: target.subresource,
        query: url.searchParams,
        body,
        contentType: mediaTypeOf(req.headers['content-type']),
        table,
        legacyWatch: target.legacyWatch,
        ctx,
      })
      .catch((err: unknown) => {
        if (req.method === 'GET' && (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1') && toStatusError(err).code === 410) {
          return { watchError: err };
        }
        throw err;
      });
    if ('watchError' in result) {
      reply.hijack();
      streamWatchError(reply.raw, result.watchError);
      return reply;
    }
    if (ctx.warnings.length > 0) reply.header('Warning', ctx.warnings.map((w) => `299 - ${JSON.stringify(w)}`));
    if ('watch' in result) {
      labels.verb = 'WATCH';
      reply.hijack();
      const done = opts.metrics.watchStarted(labels);
      const info = target.info;
      try {
        await streamWatch(reply.raw, result.watch, {
          info,
          table,
          includeObject: (url.searchParams.get('includeObject') as 'None' | 'Metadata' | 'Object' | null) ?? 'Metadata',
          timeoutSeconds: result.timeoutSeconds,
          now: () => opts.clock.now(),
          onEvent: () => opts.metrics.watchEvent(info.group, info.version, info.kind),
        });
      } finally {
        done();
      }
      return reply;
    }
    return reply.code(result.code).type('application/json').send(result.body);
  };
  for (const path of ['/api', '/api/*', '/apis', '/apis/*']) {
    app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: path, handler: serveApi });
  }

  // pods/log and pods/exec: upgrades go through the router too, so the onRequest authentication above applies.
  const podStreams = opts.podStreams;
  if (podStreams) {
    void app.register(fastifyWebsocket, { options: { handleProtocols: handleChannelProtocols, maxPayload: WEBSOCKET_MAX_PAYLOAD_BYTES } });
    void app.register(async (scope) => {
      registerPodLogRoute(scope, podStreams);
      registerPodExecRoute(scope, podStreams);
    });
  }
  return app;
}
