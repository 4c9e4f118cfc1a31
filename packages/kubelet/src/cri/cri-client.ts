/** CriClient: one gRPC channel to a CRI runtime's unix socket, serving RuntimeService and ImageService calls with deadlines and typed errors. */
import { resolve } from 'node:path';
import { Client, credentials, Metadata, type ServiceDefinition } from '@grpc/grpc-js';
import { CriError, GrpcStatus } from './cri-error.js';
import { criServices } from './proto.js';
import type { CriInput } from './types-common.js';
import type {
  ContainerStatusResponse,
  CreateContainerRequest,
  CreateContainerResponse,
  ExecRequest,
  ExecSyncResponse,
  ListContainersRequest,
  ListContainersResponse,
  PortForwardRequest,
  StreamingUrlResponse,
  UpdateContainerResourcesRequest,
  Container,
  ContainerFilter,
} from './types-container.js';
import type {
  ContainerStats,
  ContainerStatsFilter,
  ImageFsInfoResponse,
  ImageStatusResponse,
  ListImagesResponse,
  PullImageRequest,
  PullImageResponse,
  StatusResponse,
  VersionResponse,
  Image,
} from './types-image.js';
import type { ListPodSandboxResponse, PodSandbox, PodSandboxFilter, PodSandboxStatusResponse, RunPodSandboxRequest, RunPodSandboxResponse } from './types-sandbox.js';

/** Read-only calls answered from the runtime's memory (Version, Status, List*, *Status): longer means the runtime is hung. */
export const CRI_QUERY_DEADLINE_MS = 15_000;
/** Calls that do work (sandbox, container, image removal): the kubelet's default --runtime-request-timeout (2m). */
export const CRI_RUNTIME_DEADLINE_MS = 120_000;
/** PullImage downloads layers; the kubelet gives pulls much longer than other calls. */
export const CRI_PULL_DEADLINE_MS = 600_000;
/**
 * Reconnect backoff after containerd goes away: grpc-js defaults to 1 s growing to 120 s, which
 * would leave the kubelet blind for minutes after a containerd restart; the socket is local, so retry often.
 */
const RECONNECT_INITIAL_BACKOFF_MS = 100;
const RECONNECT_MAX_BACKOFF_MS = 2_000;

/** The CRI API version the client asks for in Version. */
export const CRI_API_VERSION = 'v1';

/** Per-call options. */
export interface CriCallOptions {
  /** Overrides the call's default deadline. */
  deadlineMs?: number;
}

/** A CRI client for one runtime socket; call close() when done. */
export class CriClient {
  readonly address: string;
  private readonly client: Client;
  private readonly runtime: ServiceDefinition;
  private readonly image: ServiceDefinition;

  constructor(socketPath: string) {
    this.address = `unix://${resolve(socketPath)}`;
    this.client = new Client(this.address, credentials.createInsecure(), {
      'grpc.initial_reconnect_backoff_ms': RECONNECT_INITIAL_BACKOFF_MS,
      'grpc.max_reconnect_backoff_ms': RECONNECT_MAX_BACKOFF_MS,
    });
    const services = criServices();
    this.runtime = services.runtime;
    this.image = services.image;
  }

  /** Closes the channel; calls in flight fail with CANCELLED/UNAVAILABLE. */
  close(): void {
    this.client.close();
  }

  // ---------------------------------------------------------------- runtime

  version(opts?: CriCallOptions): Promise<VersionResponse> {
    return this.call(this.runtime, 'Version', { version: CRI_API_VERSION }, CRI_QUERY_DEADLINE_MS, opts);
  }

  /** Runtime conditions RuntimeReady and NetworkReady; verbose adds `info` (config, cniconfig). */
  status(verbose = false, opts?: CriCallOptions): Promise<StatusResponse> {
    return this.call(this.runtime, 'Status', { verbose }, CRI_QUERY_DEADLINE_MS, opts);
  }

  // ---------------------------------------------------------------- sandboxes

  runPodSandbox(req: CriInput<RunPodSandboxRequest>, opts?: CriCallOptions): Promise<RunPodSandboxResponse> {
    return this.call(this.runtime, 'RunPodSandbox', req, CRI_RUNTIME_DEADLINE_MS, opts);
  }

  /** Stops the sandbox's containers, tears its network down (CNI DEL) and unmounts its netns. */
  async stopPodSandbox(podSandboxId: string, opts?: CriCallOptions): Promise<void> {
    await this.call(this.runtime, 'StopPodSandbox', { pod_sandbox_id: podSandboxId }, CRI_RUNTIME_DEADLINE_MS, opts);
  }

  /** Removes the sandbox and its containers; an unknown id is not an error. Log files stay. */
  async removePodSandbox(podSandboxId: string, opts?: CriCallOptions): Promise<void> {
    await this.call(this.runtime, 'RemovePodSandbox', { pod_sandbox_id: podSandboxId }, CRI_RUNTIME_DEADLINE_MS, opts);
  }

  podSandboxStatus(podSandboxId: string, verbose = false, opts?: CriCallOptions): Promise<PodSandboxStatusResponse> {
    return this.call(this.runtime, 'PodSandboxStatus', { pod_sandbox_id: podSandboxId, verbose }, CRI_QUERY_DEADLINE_MS, opts);
  }

  async listPodSandbox(filter?: CriInput<PodSandboxFilter>, opts?: CriCallOptions): Promise<PodSandbox[]> {
    const res = await this.call<ListPodSandboxResponse>(this.runtime, 'ListPodSandbox', { filter }, CRI_QUERY_DEADLINE_MS, opts);
    return res.items;
  }

  // ---------------------------------------------------------------- containers

  /** Creates a container in a sandbox. `sandbox_config` with metadata is required (containerd 1.6 crashes without it). */
  createContainer(req: CriInput<CreateContainerRequest>, opts?: CriCallOptions): Promise<CreateContainerResponse> {
    if (!req.sandbox_config?.metadata) {
      return Promise.reject(new CriError('CreateContainer', GrpcStatus.INVALID_ARGUMENT, 'sandbox_config with metadata is required'));
    }
    if (!req.config?.metadata) {
      return Promise.reject(new CriError('CreateContainer', GrpcStatus.INVALID_ARGUMENT, 'container config must include metadata'));
    }
    return this.call(this.runtime, 'CreateContainer', req, CRI_RUNTIME_DEADLINE_MS, opts);
  }

  async startContainer(containerId: string, opts?: CriCallOptions): Promise<void> {
    await this.call(this.runtime, 'StartContainer', { container_id: containerId }, CRI_RUNTIME_DEADLINE_MS, opts);
  }

  /** SIGTERM, then SIGKILL after `timeoutSeconds`; the deadline covers the grace period plus the usual runtime deadline. */
  async stopContainer(containerId: string, timeoutSeconds: number, opts?: CriCallOptions): Promise<void> {
    await this.call(this.runtime, 'StopContainer', { container_id: containerId, timeout: timeoutSeconds }, timeoutSeconds * 1000 + CRI_RUNTIME_DEADLINE_MS, opts);
  }

  async removeContainer(containerId: string, opts?: CriCallOptions): Promise<void> {
    await this.call(this.runtime, 'RemoveContainer', { container_id: containerId }, CRI_RUNTIME_DEADLINE_MS, opts);
  }

  async listContainers(filter?: CriInput<ContainerFilter>, opts?: CriCallOptions): Promise<Container[]> {
    const req: CriInput<ListContainersRequest> = { filter };
    const res = await this.call<ListContainersResponse>(this.runtime, 'ListContainers', req, CRI_QUERY_DEADLINE_MS, opts);
    return res.containers;
  }

  containerStatus(containerId: string, verbose = false, opts?: CriCallOptions): Promise<ContainerStatusResponse> {
    return this.call(this.runtime, 'ContainerStatus', { container_id: containerId, verbose }, CRI_QUERY_DEADLINE_MS, opts);
  }

  async updateContainerResources(req: CriInput<UpdateContainerResourcesRequest>, opts?: CriCallOptions): Promise<void> {
    await this.call(this.runtime, 'UpdateContainerResources', req, CRI_RUNTIME_DEADLINE_MS, opts);
  }

  async reopenContainerLog(containerId: string, opts?: CriCallOptions): Promise<void> {
    await this.call(this.runtime, 'ReopenContainerLog', { container_id: containerId }, CRI_RUNTIME_DEADLINE_MS, opts);
  }

  /** Runs `cmd` in the container and returns its output; `timeoutSeconds` 0 = no limit on the command. */
  execSync(containerId: string, cmd: string[], timeoutSeconds = 0, opts?: CriCallOptions): Promise<ExecSyncResponse> {
    return this.call(this.runtime, 'ExecSync', { container_id: containerId, cmd, timeout: timeoutSeconds }, timeoutSeconds * 1000 + CRI_RUNTIME_DEADLINE_MS, opts);
  }

  /** A URL on the runtime's streaming server to run an interactive exec. */
  exec(req: CriInput<ExecRequest>, opts?: CriCallOptions): Promise<StreamingUrlResponse> {
    return this.call(this.runtime, 'Exec', req, CRI_QUERY_DEADLINE_MS, opts);
  }

  /** A URL on the runtime's streaming server to forward the sandbox's ports. */
  portForward(req: CriInput<PortForwardRequest>, opts?: CriCallOptions): Promise<StreamingUrlResponse> {
    return this.call(this.runtime, 'PortForward', req, CRI_QUERY_DEADLINE_MS, opts);
  }

  async containerStats(containerId: string, opts?: CriCallOptions): Promise<ContainerStats | null> {
    const res = await this.call<{ stats: ContainerStats | null }>(this.runtime, 'ContainerStats', { container_id: containerId }, CRI_QUERY_DEADLINE_MS, opts);
    return res.stats;
  }

  async listContainerStats(filter?: CriInput<ContainerStatsFilter>, opts?: CriCallOptions): Promise<ContainerStats[]> {
    const res = await this.call<{ stats: ContainerStats[] }>(this.runtime, 'ListContainerStats', { filter }, CRI_QUERY_DEADLINE_MS, opts);
    return res.stats;
  }

  // ---------------------------------------------------------------- images

  async listImages(image?: string, opts?: CriCallOptions): Promise<Image[]> {
    const filter = image === undefined ? null : { image: { image } };
    const res = await this.call<ListImagesResponse>(this.image, 'ListImages', { filter }, CRI_QUERY_DEADLINE_MS, opts);
    return res.images;
  }

  /** `image` is null (no error) when the image is not present. */
  imageStatus(image: string, verbose = false, opts?: CriCallOptions): Promise<ImageStatusResponse> {
    return this.call(this.image, 'ImageStatus', { image: { image }, verbose }, CRI_QUERY_DEADLINE_MS, opts);
  }

  /** Pulls from the registry. containerd always asks the registry, even for a present image: check imageStatus first. */
  pullImage(req: CriInput<PullImageRequest>, opts?: CriCallOptions): Promise<PullImageResponse> {
    return this.call(this.image, 'PullImage', req, CRI_PULL_DEADLINE_MS, opts);
  }

  async removeImage(image: string, opts?: CriCallOptions): Promise<void> {
    await this.call(this.image, 'RemoveImage', { image: { image } }, CRI_RUNTIME_DEADLINE_MS, opts);
  }

  imageFsInfo(opts?: CriCallOptions): Promise<ImageFsInfoResponse> {
    return this.call(this.image, 'ImageFsInfo', {}, CRI_QUERY_DEADLINE_MS, opts);
  }

  // ---------------------------------------------------------------- plumbing

  /** One unary call with a deadline; failures reject with CriError. */
  private call<Res>(service: ServiceDefinition, method: string, request: object, defaultDeadlineMs: number, opts?: CriCallOptions): Promise<Res> {
    const def = service[method];
    if (!def) return Promise.reject(new CriError(method, GrpcStatus.UNIMPLEMENTED, 'method not in the CRI proto subset'));
    const deadline = Date.now() + (opts?.deadlineMs ?? defaultDeadlineMs);
    return new Promise<Res>((resolveCall, rejectCall) => {
      this.client.makeUnaryRequest<object, Res>(
        def.path,
        def.requestSerialize as (value: object) => Buffer,
        def.responseDeserialize as (bytes: Buffer) => Res,
        request,
        new Metadata(),
        { deadline },
        (err, value) => {
          if (err) rejectCall(CriError.from(method, err));
          else if (value === undefined) rejectCall(new CriError(method, GrpcStatus.INTERNAL, 'empty response'));
          else resolveCall(value);
        },
      );
    });
  }
}
