'use client';

import Link from 'next/link';
import { use, useEffect, useState } from 'react';
import { TopBar } from '../../../components/TopBar';
import { api, ApiError, type ClusterSummary } from '../../../lib/api';
import { useMe } from '../../../lib/use-me';

export default function LabPage({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = use(params);
  const { me, signOut } = useMe();
  const [cluster, setCluster] = useState<ClusterSummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<ClusterSummary>(`/api/v1/clusters/${clusterId}`)
      .then(setCluster)
      .catch((e) => setError(e instanceof ApiError ? e.message : 'Could not load the cluster'));
  }, [clusterId]);

  if (me === null) {
    return (
      <>
        <TopBar />
        <main className="page">
          <p>
            Please <Link href="/">sign in</Link> to open this lab.
          </p>
        </main>
      </>
    );
  }
  return (
    <>
      <TopBar me={me} onSignOut={signOut}>
        {cluster && (
          <span className="pill" data-testid="lab-cluster-name">
            {cluster.name}
          </span>
        )}
      </TopBar>
      <main className="page">
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
        {cluster && (
          <section className="card">
            <h2>{cluster.name}</h2>
            <p className="sub">Namespaces: {cluster.namespaces?.join(', ')}</p>
            <p className="sub">
              Virtual time {new Date(cluster.clock.now).toLocaleString()} · speed{' '}
              {cluster.clock.speed}×
            </p>
          </section>
        )}
      </main>
    </>
  );
}
