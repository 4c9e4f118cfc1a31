/** @skiff/kubelet — the node agent: a CRI client of containerd, the node's containerd and images, pods run for real. */
export {};
