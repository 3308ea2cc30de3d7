'use client';

import Link from 'next/link';
import { Logo } from './Logo';
import { ThemeToggle } from './ThemeToggle';
import type { Me } from '../lib/api';

const ROLE_LABEL = {
  ORG_ADMIN: 'Organisation admin',
  INSTRUCTOR: 'Instructor',
  LEARNER: 'Learner',
} as const;

export function TopBar({
  me,
  onSignOut,
  children,
}: {
  me?: Me | null;
  onSignOut?: () => void;
  children?: React.ReactNode;
}) {
  return (
    <header className="topbar">
      <Link href="/" className="brand">
        <Logo /> kubelab
      </Link>
      {children}
      <span className="spacer" />
      {me && (
        <span className="who" data-testid="who">
          {me.user.name} · {ROLE_LABEL[me.user.role]} · {me.organisation.name}
        </span>
      )}
      <ThemeToggle />
      {me && onSignOut && (
        <button className="btn small" onClick={onSignOut}>
          Sign out
        </button>
      )}
    </header>
  );
}
