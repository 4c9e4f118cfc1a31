/** Services: ClusterIP and NodePort allocation on create and update, release on delete. */
import type { ResourceInfo } from '@skiff/api';
import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { ServiceAllocators } from '../../allocators/service-allocators.js';
import type { KObject, Rollback, Strategy, Writable } from '../types.js';
import { defaultStrategy } from './default.js';

type Svc = Writable<Service> & KObject;

const HEADLESS = 'None';

function needsNodePorts(svc: Svc): boolean {
  return svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer';
}

function ownerOf(svc: Svc): string {
  return `services/${svc.metadata?.namespace ?? ''}/${svc.metadata?.name ?? ''}`;
}

function samePort(a: Writable<ServicePort>, b: Writable<ServicePort>): boolean {
  return a.port === b.port && (a.protocol ?? 'TCP') === (b.protocol ?? 'TCP');
}

function allocatedIp(svc: Svc): string | undefined {
  const ip = svc.spec?.clusterIP;
  return ip && ip !== HEADLESS ? ip : undefined;
}

export function serviceStrategy(info: ResourceInfo, allocators: ServiceAllocators): Strategy {
  /** Takes what `svc` needs and does not already hold in `old`; returns the undo. */
  async function allocate(svc: Svc, old: Svc | undefined): Promise<Rollback> {
    const taken: { ips: string[]; ports: number[] } = { ips: [], ports: [] };
    const undo: Rollback = async () => {
      for (const ip of taken.ips) await allocators.releaseIp(ip);
      for (const port of taken.ports) await allocators.releaseNodePort(port);
    };
    const name = svc.metadata?.name ?? '';
    const spec = (svc.spec ??= {});
    try {
      if (spec.type === 'ExternalName') {
        delete spec.clusterIP;
        delete spec.clusterIPs;
      } else if (spec.clusterIP === HEADLESS || spec.clusterIPs?.[0] === HEADLESS) {
        spec.clusterIP = HEADLESS;
        spec.clusterIPs = [HEADLESS];
      } else {
        const oldIp = old ? allocatedIp(old) : undefined;
        const requested = spec.clusterIP || spec.clusterIPs?.[0] || oldIp;
        if (requested && requested === oldIp) {
          spec.clusterIP = oldIp;
        } else {
          spec.clusterIP = await allocators.allocateIp(ownerOf(svc), 'Service', name, requested);
          taken.ips.push(spec.clusterIP);
        }
        spec.clusterIPs = [spec.clusterIP];
      }
      const ports = spec.ports ?? [];
      for (let i = 0; i < ports.length; i++) {
        const port = ports[i]!;
        if (!needsNodePorts(svc)) {
          delete port.nodePort;
          continue;
        }
        const previous = old?.spec?.ports?.find((p) => samePort(p, port))?.nodePort;
        const held = new Set((old?.spec?.ports ?? []).map((p) => p.nodePort).filter((p): p is number => !!p));
        const wanted = port.nodePort || previous;
        if (wanted && held.has(wanted)) {
          port.nodePort = wanted;
        } else {
          port.nodePort = await allocators.allocateNodePort(ownerOf(svc), 'Service', name, `spec.ports[${i}].nodePort`, wanted);
          taken.ports.push(port.nodePort);
        }
      }
    } catch (err) {
      await undo();
      throw err;
    }
    return undo;
  }

  /** Releases what `old` held and `svc` (if any) no longer does. */
  async function release(old: Svc, svc: Svc | undefined): Promise<void> {
    const oldIp = allocatedIp(old);
    if (oldIp && oldIp !== (svc ? allocatedIp(svc) : undefined)) await allocators.releaseIp(oldIp);
    const keep = new Set((svc?.spec?.ports ?? []).map((p) => p.nodePort));
    for (const p of old.spec?.ports ?? []) if (p.nodePort && !keep.has(p.nodePort)) await allocators.releaseNodePort(p.nodePort);
  }

  return {
    ...defaultStrategy(info),
    prepareForCreate(obj) {
      obj.status = { loadBalancer: {} };
    },
    prepareForUpdate(obj, old) {
      // An update that leaves allocated values out keeps them (as kube-apiserver does), before validation.
      const svc = obj as Svc;
      const prev = old as Svc;
      const spec = (svc.spec ??= {});
      if (spec.type !== 'ExternalName' && !spec.clusterIP && prev.spec?.clusterIP) {
        spec.clusterIP = prev.spec.clusterIP;
        spec.clusterIPs = prev.spec.clusterIPs;
      }
      if (needsNodePorts(svc)) {
        for (const port of spec.ports ?? []) {
          if (!port.nodePort) {
            const held = prev.spec?.ports?.find((p) => samePort(p, port))?.nodePort;
            if (held) port.nodePort = held;
          }
        }
      }
    },
    beforeCreate: (obj) => allocate(obj as Svc, undefined),
    beforeUpdate: (obj, old) => allocate(obj as Svc, old as Svc),
    afterUpdate: (obj, old) => release(old as Svc, obj as Svc),
    afterDelete: (obj) => release(obj as Svc, undefined),
  };
}
