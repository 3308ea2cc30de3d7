/** Organisation-wide roles, in decreasing order of power. */
export const ROLES = ['ORG_ADMIN', 'INSTRUCTOR', 'LEARNER'] as const;
export type Role = (typeof ROLES)[number];

export const COURSE_ROLES = ['INSTRUCTOR', 'LEARNER'] as const;
export type CourseRole = (typeof COURSE_ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
