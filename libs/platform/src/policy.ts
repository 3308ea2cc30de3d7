import type { Principal } from './principal';
import type { CourseRole } from './roles';

// Access decisions in one place, as pure functions of the caller and the facts about the
// target. Tenancy (orgId) is enforced by the data layer before these run: a row of another
// organisation is never loaded, so callers answer 404 for it.

export const isAdmin = (p: Principal): boolean => p.role === 'ORG_ADMIN';
export const isStaff = (p: Principal): boolean => p.role === 'ORG_ADMIN' || p.role === 'INSTRUCTOR';

export function canManageUsers(p: Principal): boolean {
  return isAdmin(p);
}

export function canListUsers(p: Principal): boolean {
  return isStaff(p);
}

export function canCreateApiKeys(p: Principal): boolean {
  return p.kind === 'user' && isAdmin(p);
}

export function canCreateCourse(p: Principal): boolean {
  return isStaff(p);
}

/** `membership` is the caller's own enrolment in the course, if any. */
export function canViewCourse(p: Principal, membership: CourseRole | null): boolean {
  return isAdmin(p) || membership !== null;
}

export function canManageCourse(p: Principal, membership: CourseRole | null): boolean {
  return isAdmin(p) || (p.role === 'INSTRUCTOR' && membership === 'INSTRUCTOR');
}

export interface ClusterFacts {
  ownerId: string;
  /** True when the caller teaches the course of the attempt the cluster belongs to. */
  callerTeachesAttemptCourse: boolean;
}

export function canViewCluster(p: Principal, c: ClusterFacts): boolean {
  if (isAdmin(p)) return true;
  if (p.kind === 'user' && p.userId === c.ownerId) return true;
  return p.role === 'INSTRUCTOR' && c.callerTeachesAttemptCourse;
}

/**
 * Live updates of a cluster (the lab's socket): its owner, or an instructor of the course of the
 * attempt it belongs to. Organisation admins manage clusters but do not look over shoulders.
 */
export function canWatchCluster(p: Principal, c: ClusterFacts): boolean {
  if (p.kind === 'user' && p.userId === c.ownerId) return true;
  return p.kind === 'user' && p.role === 'INSTRUCTOR' && c.callerTeachesAttemptCourse;
}

export function canDeleteCluster(p: Principal, c: ClusterFacts): boolean {
  return canViewCluster(p, c);
}
