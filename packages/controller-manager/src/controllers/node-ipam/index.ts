/** The node IPAM controller: pod CIDRs for nodes. */
export { nodeIpamController } from './node-ipam-controller.js';
export { CidrSet, parseCidr } from './cidr-set.js';
