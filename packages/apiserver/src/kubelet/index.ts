/** The apiserver's client of skiff.v1.Kubelet, for `pods/log` and `pods/exec`. */
export { KubeletConnector, kubeletAddressOf, KUBELET_MAX_MESSAGE_BYTES, type KubeletClientTls, type KubeletConnectorOptions, type LogStream } from './kubelet-connector.js';
export { ExecSession, type ExecSessionEvents } from './exec-session.js';
export { resolvePodTarget, type PodTarget } from './pod-target.js';
export { statusErrorOfCall } from './grpc-failure.js';
export { kubeletClientConstructor, kubeletServiceDefinition, type ContainerLogsRequest, type ExecInput, type ExecOutput, type ExecStart, type KubeletGrpcClient, type PodContainerMessage } from './kubelet-proto.js';
