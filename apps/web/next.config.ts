import path from 'node:path';
import type { NextConfig } from 'next';

// The browser only ever talks to this origin: /api/* is proxied to the platform API, so the
// API's httpOnly cookies are first-party and no token is ever readable by page scripts.
const api = process.env.API_INTERNAL_URL ?? 'http://127.0.0.1:4000';

const config: NextConfig = {
  reactStrictMode: true,
  // Tests run their own dev server beside a developer's, so each needs its own build directory.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  poweredByHeader: false,
  transpilePackages: [
    '@kubelab/platform',
    '@kubelab/kubectl',
    '@kubelab/apimachinery',
    '@kubelab/cluster-sim',
  ],
  turbopack: { root: path.resolve(__dirname, '../..') },
  devIndicators: false,
  // Socket.IO's path ends with a slash; Next must not redirect it away.
  skipTrailingSlashRedirect: true,
  async rewrites() {
    return [
      { source: '/api/:path*', destination: `${api}/api/:path*` },
      { source: '/k8s/:path*', destination: `${api}/k8s/:path*` },
      // Live updates (Socket.IO, WebSocket upgrades included) on the same origin.
      { source: '/socket.io/', destination: `${api}/socket.io/` },
      { source: '/socket.io/:path*', destination: `${api}/socket.io/:path*` },
    ];
  },
};

export default config;
