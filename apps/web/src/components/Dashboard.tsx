'use client';

import type { Me } from '../lib/api';
import { ApiKeys, Users } from './AdminPanel';
import { Clusters } from './Clusters';
import { Courses } from './Courses';

const GREETING = {
  LEARNER: 'Open a cluster and start practising.',
  INSTRUCTOR: 'Your courses, and your own clusters to prepare exercises on.',
  ORG_ADMIN: 'Your organisation: people, courses, clusters and integrations.',
} as const;

/** The dashboard: what the signed-in user has, by role. */
export function AdminPanelSections({ me }: { me: Me }) {
  const role = me.user.role;
  return (
    <main className="page">
      <h1>Welcome, {me.user.name.split(' ')[0]}</h1>
      <p className="lead">{GREETING[role]}</p>
      <div className="grid">
        <Clusters
          title={role === 'ORG_ADMIN' ? 'Clusters in your organisation' : 'Your clusters'}
        />
        <Courses canCreate={role !== 'LEARNER'} />
        {role !== 'LEARNER' && <Users />}
        {role === 'ORG_ADMIN' && <ApiKeys />}
      </div>
    </main>
  );
}
