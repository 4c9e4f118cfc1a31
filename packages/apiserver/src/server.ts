/** Assembles the API server: store, registries, bootstrap, background loops and the REST transport. */
import { RESOURCES, type ResourceInfo } from '@skiff/api';
import { readFileSync } from 'node:fs';
import { EtcdStore, startCompactor, type Store } from '@skiff/storage';
import type { FastifyInstance } from 'fastify';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { pino, type Logger } from 'pino';
import { ServiceAllocators } from './allocators/service-allocators.js';
import { bootstrap } from './bootstrap.js';
import { systemClock, type Clock } from './registry/clock.js';
import { objectKey, resourcePrefix } from './registry/keys.js';
import { ResourceRegistry } from './registry/registry.js';
import { NamespaceLifecycleLookup } from './registry/namespace-lookup.js';
import { storePriorityClassLookup, strategyFor } from './registry/strategies/index.js';
import { ConvertingStore } from './registry/converting-store.js';
import { storedAs } from './registry/conversions/index.js';
import { buildRestApp } from './rest/app.js';
import { clientCertificateAuthenticator, type Authenticator } from './rest/authn.js';
import { ApiServerMetrics } from './rest/metrics.js';
import { KubeletConnector, type KubeletClientTls } from './kubelet/index.js';
import { createGrpcServer, grpcCertificateAuthenticator, type GrpcAuthenticator, type GrpcServer } from './grpc/index.js';

/** kube-apiserver's default compaction interval. */
export const DEFAULT_COMPACTION_INTERVAL_MS = 5 * 60 * 1000;

export interface ApiServerOptions {
  /** A store to use; otherwise one is built from `etcdServers`. */
  store?: Store;
  etcdServers?: string[];
  bindAddress: string;
  /** 0 picks a free port. */
  securePort: number;
  /** TLS material; without it the server speaks plain HTTP (tests only). */
  tls?: { key: string; cert: string; ca: string };
  authenticate?: Authenticator;
  /** Port of the gRPC transport (skiff.v1.Resources) on bindAddress; 0 picks a free port; absent: no gRPC server. */
  grpcPort?: number;
  /** Authenticates gRPC callers; defaults to their TLS client certificate (plain gRPC callers are then all rejected). */
  grpcAuthenticate?: GrpcAuthenticator;
  serviceClusterIpRange: string;
  serviceNodePortRange: string;
  compactionIntervalMs?: number;
  /** Events each resource's watch cache keeps for watchers resuming from an older revision. */
  watchCacheCapacity?: number;
  /** The address the `kubernetes` Service points at (defaults to bindAddress). */
  advertiseAddress?: string;
  logger?: Logger;
  clock?: Clock;
  /** TLS to the kubelets for `pods/log` and `pods/exec`: PEM file paths; without `ca`/`cert` the connection is plain. */
  kubeletClient?: KubeletClientFiles;
}

/** `--kubelet-certificate-authority`, `--kubelet-client-certificate`, `--kubelet-client-key`. */
export interface KubeletClientFiles {
  ca?: string;
  cert?: string;
  key?: string;
}

function readKubeletTls(files: KubeletClientFiles | undefined): KubeletClientTls | undefined {
  if (!files) return undefined;
  const tls: KubeletClientTls = {};
  if (files.ca) tls.ca = readFileSync(files.ca);
  if (files.cert) tls.cert = readFileSync(files.cert);
  if (files.key) tls.key = readFileSync(files.key);
  return tls;
}

export interface ApiServer {
  app: FastifyInstance;
  store: Store;
  metrics: ApiServerMetrics;
  /** The registry serving a resource. */
  registry(info: ResourceInfo): ResourceRegistry;
  /** Host and port the server listens on. */
  address(): { host: string; port: number };
  url(): string;
  /** Host and port of the gRPC transport, once started; undefined without `grpcPort`. */
  grpcAddress(): { host: string; port: number } | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const logger = options.logger ?? pino({ name: 'apiserver' });
  const clock = options.clock ?? systemClock;
  const metrics = new ApiServerMetrics();
  const ownsStore = !options.store;
  const store: Store =
        options.store ??
    new EtcdStore({
      endpoints: options.etcdServers ?? ['http://127.0.0.1:2379'],
      logger: logger.child({ component: 'storage' }),
      metricsRegistry: metrics.registry,
      ...(options.watchCacheCapacity ? { watchCache: { capacity: options.watchCacheCapacity } } : {}),
    });
  const etcdStore = store as Store & { registerResource?: (prefix: string) => void };
  for (const info of RESOURCES) if (!storedAs(info)) etcdStore.registerResource?.(resourcePrefix(info));

  const allocators = new ServiceAllocators(store, { serviceCidr: options.serviceClusterIpRange, nodePortRange: options.serviceNodePortRange });
  const namespacesInfo = RESOURCES.find((r) => r.group === '' && r.resource === 'namespaces')!;
  const registries = new Map<ResourceInfo, ResourceRegistry>();
  const priorityClasses = storePriorityClassLookup(store);
  const namespaces = new NamespaceLifecycleLookup(store, clock, (name) => objectKey(namespacesInfo, undefined, name));
  const deps = {
    store,
    clock,
    namespaceLookup: (name: string) => namespaces.lookup(name),
    onDeleting: (info: ResourceInfo, name: string) => {
      if (info === namespacesInfo) namespaces.deleting(name);
    },
  };
  for (const info of RESOURCES) {
    const alias = storedAs(info);
    const view = alias ? { ...deps, store: new ConvertingStore(store, { externalPrefix: resourcePrefix(info), storagePrefix: resourcePrefix(alias.storage), ...alias }) } : deps;
    registries.set(info, new ResourceRegistry(info, strategyFor(info, { allocators, priorityClasses }), view));
  }
  const registry = (info: ResourceInfo): ResourceRegistry => {
    const r = registries.get(info);
    if (!r) throw new Error(`no registry for ${info.group}/${info.resource}`);
    return r;
  };

  const podsInfo = RESOURCES.find((r) => r.group === '' && r.resource === 'pods')!;
  const nodesInfo = RESOURCES.find((r) => r.group === '' && r.resource === 'nodes')!;
  const kubeletTls = readKubeletTls(options.kubeletClient);
  const kubelets = new KubeletConnector({
    getNode: async (name) => (await registry(nodesInfo).get(undefined, name)) as Node,
    ...(kubeletTls ? { tls: kubeletTls } : {}),
  });

  let ready = false;
  let port = options.securePort;
  const app = buildRestApp({
    registries: { get: registry },
    clock,
    metrics,
    authenticate: options.authenticate ?? clientCertificateAuthenticator,
    logger,
    serverAddress: `${options.bindAddress}:${options.securePort}`,
    ready: () => ready,
    https: options.tls,
    podStreams: { getPod: async (namespace, name) => (await registry(podsInfo).get(namespace, name)) as Pod, kubelets, logger: logger.child({ component: 'pod-streams' }) },
  });
  const grpc: GrpcServer | undefined =
    options.grpcPort === undefined
      ? undefined
      : createGrpcServer({
          registries: { get: registry },
          clock,
          metrics,
          authenticate: options.grpcAuthenticate ?? grpcCertificateAuthenticator,
          logger,
          ...(options.tls ? { tls: options.tls } : {}),
        });
  let grpcPort: number | undefined;
  let compactor: { stop(): void } | undefined;

  return {
    app,
    store,
    metrics,
    registry,
    address: () => ({ host: options.bindAddress, port }),
    url: () => `${options.tls ? 'https' : 'http'}://${options.bindAddress}:${port}`,
    grpcAddress: () => (grpcPort === undefined ? undefined : { host: options.bindAddress, port: grpcPort }),
    async start() {
      await app.listen({ host: options.bindAddress, port: options.securePort });
      const addr = app.server.address();
      if (addr && typeof addr === 'object') port = addr.port;
      if (grpc) grpcPort = await grpc.listen(options.bindAddress, options.grpcPort!);
      await bootstrap({
        registry,
        advertiseAddress: options.advertiseAddress ?? options.bindAddress,
        securePort: port,
        kubernetesServiceIp: allocators.firstIp(),
      });
      compactor = startCompactor(store, { intervalMs: options.compactionIntervalMs ?? DEFAULT_COMPACTION_INTERVAL_MS, logger: logger.child({ component: 'compactor' }) });
      ready = true;
      logger.info({ url: `${options.tls ? 'https' : 'http'}://${options.bindAddress}:${port}`, grpcPort }, 'apiserver ready');
    },
    async stop() {
      ready = false;
      compactor?.stop();
      await grpc?.stop();
      await app.close();
      kubelets.close();
      if (ownsStore) await store.close();
    },
  };
}
