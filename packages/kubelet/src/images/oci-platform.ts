/** Maps Node's `process.arch` onto the architecture names of the OCI image spec (Go's GOARCH values). */

/** Node arch -> OCI `architecture`. Only the ones containerd and Debian support on Linux. */
const OCI_ARCHITECTURES: Readonly<Record<string, string>> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le', // Node's ppc64 on Linux is little-endian
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips64el: 'mips64le',
};

/** The OCI architecture of this machine (or of `nodeArch`); throws for one the OCI spec has no name for. */
export function ociArchitecture(nodeArch: string = process.arch): string {
  const arch = OCI_ARCHITECTURES[nodeArch];
  if (arch === undefined) throw new Error(`no OCI architecture name for Node arch "${nodeArch}"`);
  return arch;
}
