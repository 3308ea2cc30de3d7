import { Injectable } from '@nestjs/common';
import {
  PlatformError,
  canManageCourse,
  canViewCourse,
  isAdmin,
  notFound,
  type CourseRole,
  type Principal,
} from '@kubelab/platform';
import { TenantClients } from '@kubelab/server';
import type { CreateCourseDto, CreateEnrolmentDto, UpdateCourseDto } from './dto';

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === 'P2002';

@Injectable()
export class CoursesService {
  constructor(private readonly tenants: TenantClients) {}

  /** The caller's own role in a course, or null. */
  async membership(p: Principal, courseId: string): Promise<CourseRole | null> {
    if (p.kind !== 'user') return null;
    const e = await this.tenants
      .for(p.orgId)
      .enrolment.findFirst({ where: { courseId, userId: p.userId } });
    return e?.role ?? null;
  }

  /** Loads a course the caller may see; anything else is "not found", never "forbidden". */
  async visible(p: Principal, id: string) {
    const course = await this.tenants.for(p.orgId).course.findUnique({ where: { id } });
    if (!course) throw notFound('course');
    const m = await this.membership(p, id);
    if (!canViewCourse(p, m)) throw notFound('course');
    return { course, membership: m };
  }

  async manageable(p: Principal, id: string) {
    const { course, membership } = await this.visible(p, id);
    if (!canManageCourse(p, membership))
      throw new PlatformError(
        'forbidden',
        'Only the course’s instructors and organisation admins can change it',
      );
    return course;
  }

  async list(p: Principal) {
    const db = this.tenants.for(p.orgId);
    if (isAdmin(p)) return db.course.findMany({ orderBy: { title: 'asc' } });
    const userId = p.kind === 'user' ? p.userId : '';
    return db.course.findMany({
      where: { enrolments: { some: { userId } } },
      orderBy: { title: 'asc' },
    });
  }

  async create(p: Principal, dto: CreateCourseDto) {
    const db = this.tenants.for(p.orgId);
    try {
      const course = await db.course.create({
        data: {
          orgId: p.orgId,
          title: dto.title,
          code: dto.code,
          description: dto.description ?? '',
        },
      });
      if (p.kind === 'user' && p.role === 'INSTRUCTOR') {
        await db.enrolment.create({
          data: { orgId: p.orgId, courseId: course.id, userId: p.userId, role: 'INSTRUCTOR' },
        });
      }
      return course;
    } catch (e) {
      if (isUniqueViolation(e))
        throw new PlatformError('conflict', `A course with code ${dto.code} already exists`);
      throw e;
    }
  }

  async update(p: Principal, id: string, dto: UpdateCourseDto) {
    await this.manageable(p, id);
    try {
      return await this.tenants.for(p.orgId).course.update({ where: { id }, data: dto });
    } catch (e) {
      if (isUniqueViolation(e))
        throw new PlatformError('conflict', `A course with code ${dto.code} already exists`);
      throw e;
    }
  }

  async remove(p: Principal, id: string) {
    await this.manageable(p, id);
    await this.tenants.for(p.orgId).course.deleteMany({ where: { id } });
  }

  async enrolments(p: Principal, courseId: string) {
    await this.manageable(p, courseId);
    return this.tenants.for(p.orgId).enrolment.findMany({
      where: { courseId },
      include: { user: { select: { id: true, email: true, name: true, role: true } } },
      orderBy: { createdAt: 'asc' },
    });
  }

  async enrol(p: Principal, courseId: string, dto: CreateEnrolmentDto) {
    await this.manageable(p, courseId);
    const db = this.tenants.for(p.orgId);
    // The user is looked up through the tenant client: someone of another organisation is "not found".
    const user = await db.user.findUnique({ where: { id: dto.userId } });
    if (!user) throw notFound('user');
    const role = dto.role ?? 'LEARNER';
    if (role === 'INSTRUCTOR' && user.role === 'LEARNER') {
      throw new PlatformError(
        'validation_failed',
        'A learner cannot instruct a course; change their organisation role first',
      );
    }
    try {
      return await db.enrolment.create({
        data: { orgId: p.orgId, courseId, userId: user.id, role },
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw new PlatformError('conflict', 'This user is already enrolled in the course');
      throw e;
    }
  }

  async unenrol(p: Principal, courseId: string, enrolmentId: string) {
    await this.manageable(p, courseId);
    const { count } = await this.tenants
      .for(p.orgId)
      .enrolment.deleteMany({ where: { id: enrolmentId, courseId } });
    if (!count) throw notFound('enrolment');
  }
}
