'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type Me } from './api';

/** The signed-in user: undefined while loading, null when signed out. */
export function useMe() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const reload = useCallback(async () => {
    try {
      setMe(await api<Me>('/api/v1/me'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setMe(null);
      else setMe(null);
    }
  }, []);
  useEffect(() => void reload(), [reload]);
  const signOut = useCallback(async () => {
    await api('/api/v1/auth/logout', { method: 'POST', body: {} }).catch(() => {});
    setMe(null);
  }, []);
  return { me, reload, signOut };
}
