// The simulated cluster network: DNS, Services, NetworkPolicies, Ingress, the Internet.
export * from './context';
export * from './dns';
export * from './egress';
export * from './kube-proxy';
export * from './network-policy';
export * from './container-servers';
export * from './cluster-network';
export * from './kubelet-port';
