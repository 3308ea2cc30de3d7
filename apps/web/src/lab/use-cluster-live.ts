'use client';

import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import { refresh } from '../lib/api';
import { LiveStore, type Change } from './live-store';

// The lab's live connection: Socket.IO namespace /clusters on this origin (the session cookie
// authenticates it), one subscription, resumed from the last resourceVersion after any
// disconnect; an expired access token is refreshed and the socket comes back.

export function useClusterLive(clusterId: string): LiveStore {
  const store = useMemo(() => new LiveStore(), [clusterId]);
  useSyncExternalStore(store.subscribe, store.getVersion, store.getVersion);

  useEffect(() => {
    let closed = false;
    const socket: Socket = io('/clusters', {
      path: '/socket.io',
      transports: ['websocket', 'polling'],
      withCredentials: true,
    });
    const subscribe = async () => {
      const ack = await socket
        .timeout(15_000)
        .emitWithAck(
          'subscribe',
          store.resourceVersion
            ? { clusterId, resourceVersion: store.resourceVersion }
            : { clusterId },
        )
        .catch(() => undefined);
      if (ack?.ok) store.setClock(ack.clock, performance.now());
      else if (ack?.error?.code === 'not_found') store.markDeleted();
    };
    socket.on('connect', () => {
      store.setConnected(true);
      void subscribe();
    });
    socket.on('disconnect', (reason) => {
      store.setConnected(false);
      // The server closed it (an expired token): refresh, then come back.
      if (reason === 'io server disconnect' && !closed)
        void refresh().then(() => !closed && socket.connect());
    });
    socket.on('connect_error', (e) => {
      if (e.message === 'unauthorized' && !closed)
        void refresh().then((ok) => ok && !closed && socket.connect());
    });
    socket.on('resource', (c: Change) => c.clusterId === clusterId && store.resource(c));
    socket.on('event', (c: Change) => c.clusterId === clusterId && store.event(c));
    socket.on(
      'synced',
      (m: { clusterId: string; resourceVersion: string }) =>
        m.clusterId === clusterId && store.markSynced(m.resourceVersion),
    );
    socket.on(
      'clock',
      (m: { clusterId: string; now: string; speed: number }) =>
        m.clusterId === clusterId && store.setClock(m, performance.now()),
    );
    socket.on(
      'cluster-deleted',
      (m: { clusterId: string }) => m.clusterId === clusterId && store.markDeleted(),
    );
    socket.on('expired', (m: { clusterId: string }) => {
      if (m.clusterId !== clusterId) return;
      // Too far behind to resume: start again from a full picture.
      store.reset();
      void subscribe();
    });
    return () => {
      closed = true;
      socket.disconnect();
    };
  }, [clusterId, store]);

  return store;
}
