import {
  canManageCourse,
  canViewCluster,
  canWatchCluster,
  canViewCourse,
  parseApiKey,
  formatApiKey,
  type Principal,
} from '../src';

const learner: Principal = {
  kind: 'user',
  orgId: 'o',
  userId: 'l1',
  role: 'LEARNER',
  email: 'l@x',
};
const teacher: Principal = {
  kind: 'user',
  orgId: 'o',
  userId: 't1',
  role: 'INSTRUCTOR',
  email: 't@x',
};
const admin: Principal = {
  kind: 'user',
  orgId: 'o',
  userId: 'a1',
  role: 'ORG_ADMIN',
  email: 'a@x',
};
const key: Principal = { kind: 'apiKey', orgId: 'o', apiKeyId: 'k', role: 'ORG_ADMIN' };

describe('policy', () => {
  it('lets a learner see only their own clusters', () => {
    expect(canViewCluster(learner, { ownerId: 'l1', callerTeachesAttemptCourse: false })).toBe(
      true,
    );
    expect(canViewCluster(learner, { ownerId: 'l2', callerTeachesAttemptCourse: false })).toBe(
      false,
    );
  });
  it('lets an instructor see the clusters of attempts in courses they teach', () => {
    expect(canViewCluster(teacher, { ownerId: 'l2', callerTeachesAttemptCourse: true })).toBe(true);
    expect(canViewCluster(teacher, { ownerId: 'l2', callerTeachesAttemptCourse: false })).toBe(
      false,
    );
  });
  it("lets only the owner and the attempt course's instructors watch a cluster live", () => {
    const mine = { ownerId: 'l1', callerTeachesAttemptCourse: false };
    expect(canWatchCluster(learner, mine)).toBe(true);
    expect(canWatchCluster(learner, { ownerId: 'l2', callerTeachesAttemptCourse: false })).toBe(
      false,
    );
    expect(canWatchCluster(teacher, { ownerId: 'l1', callerTeachesAttemptCourse: true })).toBe(
      true,
    );
    expect(canWatchCluster(teacher, mine)).toBe(false);
    expect(canWatchCluster(admin, mine)).toBe(false);
    expect(canWatchCluster(key, mine)).toBe(false);
  });
  it('keeps courses to their members, and management to their instructors', () => {
    expect(canViewCourse(learner, null)).toBe(false);
    expect(canViewCourse(learner, 'LEARNER')).toBe(true);
    expect(canManageCourse(learner, 'LEARNER')).toBe(false);
    expect(canManageCourse(teacher, 'INSTRUCTOR')).toBe(true);
    expect(canManageCourse(key, null)).toBe(true);
  });
});

describe('api key format', () => {
  it('round-trips and rejects look-alikes', () => {
    const k = formatApiKey('abcd1234', 'S'.repeat(32));
    expect(parseApiKey(k)).toEqual({ prefix: 'abcd1234', secret: 'S'.repeat(32) });
    expect(parseApiKey('kl_short_x')).toBeNull();
    expect(parseApiKey('eyJhbGciOi.jwt.token')).toBeNull();
  });
});
