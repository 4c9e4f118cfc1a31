/** `/version`: the Kubernetes API level Skiff implements (its minor picks kubectl's binary). */

/** Skiff serves the Kubernetes 1.31 API. */
export const KUBERNETES_MAJOR = '1';
export const KUBERNETES_MINOR = '31';
export const SKIFF_VERSION = '0.1.0';

export function versionInfo() {
  return {
    major: KUBERNETES_MAJOR,
    minor: KUBERNETES_MINOR,
    emulationMajor: KUBERNETES_MAJOR,
    emulationMinor: KUBERNETES_MINOR,
    minCompatibilityMajor: KUBERNETES_MAJOR,
    minCompatibilityMinor: String(Number(KUBERNETES_MINOR) - 1),
    gitVersion: `v${KUBERNETES_MAJOR}.${KUBERNETES_MINOR}.0+skiff.${SKIFF_VERSION}`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'skiff',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
