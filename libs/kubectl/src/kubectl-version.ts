/** The kubectl the terminal says it is (the same minor version as the simulated API server). */
export const KUBECTL_VERSION = 'v1.32.4';
