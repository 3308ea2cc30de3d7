import crypto from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PlatformError, forbidden, isStaff, notFound, type Principal } from '@kubelab/platform';
import { TenantClients, hashPassword } from '@kubelab/server';
import { Caller, Roles } from '../common/decorators';
import { IdPipe } from '../common/id.pipe';
import { AuditService } from '../audit/audit.service';
import { TokensService } from '../auth/tokens.service';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, userView } from './dto';

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === 'P2002';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(
    private readonly tenants: TenantClients,
    private readonly audit: AuditService,
    private readonly tokens: TokensService,
  ) {}

  @Get()
  @Roles('ORG_ADMIN', 'INSTRUCTOR')
  @ApiOperation({ summary: "List the organisation's users (admins and instructors)" })
  async list(@Caller() p: Principal, @Query() q: ListUsersQuery) {
    const rows = await this.tenants
      .for(p.orgId)
      .user.findMany({ where: q.role ? { role: q.role } : {}, orderBy: { email: 'asc' } });
    return { items: rows.map(userView) };
  }

  @Post()
  @Roles('ORG_ADMIN')
  @ApiOperation({ summary: 'Create a user in the organisation (admins)' })
  async create(@Caller() p: Principal, @Body() dto: CreateUserDto) {
    // Without a password, store a hash of random bytes: nobody can sign in until one is set.
    const passwordHash = await hashPassword(dto.password ?? crypto.randomBytes(32).toString('hex'));
    try {
      const u = await this.tenants.for(p.orgId).user.create({
        data: {
          orgId: p.orgId,
          email: dto.email.toLowerCase(),
          name: dto.name,
          role: dto.role,
          passwordHash,
        },
      });
      await this.audit.record({
        orgId: p.orgId,
        actor: p,
        action: 'user.created',
        targetType: 'user',
        targetId: u.id,
        details: { role: u.role },
      });
      return userView(u);
    } catch (e) {
      if (isUniqueViolation(e))
        throw new PlatformError('conflict', `A user with email ${dto.email} already exists`);
      throw e;
    }
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user (admins and instructors; anyone for themselves)' })
  async get(@Caller() p: Principal, @Param('id', IdPipe) id: string) {
    const self = p.kind === 'user' && p.userId === id;
    if (!self && !isStaff(p)) throw notFound('user');
    const u = await this.tenants.for(p.orgId).user.findUnique({ where: { id } });
    if (!u) throw notFound('user');
    return userView(u);
  }

  @Patch(':id')
  @Roles('ORG_ADMIN')
  @ApiOperation({ summary: 'Change a user: name, role, disabled, password (admins)' })
  async update(
    @Caller() p: Principal,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateUserDto,
  ) {
    const db = this.tenants.for(p.orgId);
    const before = await db.user.findUnique({ where: { id } });
    if (!before) throw notFound('user');
    if (
      p.kind === 'user' &&
      p.userId === id &&
      ((dto.role && dto.role !== before.role) || dto.disabled)
    ) {
      throw forbidden('You cannot change your own role or disable yourself');
    }
    const u = await db.user.update({
      where: { id },
      data: {
        name: dto.name,
        role: dto.role,
        disabled: dto.disabled,
        passwordHash: dto.password ? await hashPassword(dto.password) : undefined,
      },
    });
    if (dto.role && dto.role !== before.role) {
      await this.audit.record({
        orgId: p.orgId,
        actor: p,
        action: 'user.role_changed',
        targetType: 'user',
        targetId: id,
        details: { from: before.role, to: dto.role },
      });
    }
    if (dto.disabled && !before.disabled) {
      await this.tokens.revokeAllForUser(id);
      await this.audit.record({
        orgId: p.orgId,
        actor: p,
        action: 'user.disabled',
        targetType: 'user',
        targetId: id,
      });
    }
    if (dto.password) {
      await this.tokens.revokeAllForUser(id);
      await this.audit.record({
        orgId: p.orgId,
        actor: p,
        action: 'user.password_changed',
        targetType: 'user',
        targetId: id,
      });
    }
    return userView(u);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('ORG_ADMIN')
  @ApiOperation({ summary: 'Delete a user and everything they own (admins)' })
  async remove(@Caller() p: Principal, @Param('id', IdPipe) id: string) {
    if (p.kind === 'user' && p.userId === id) throw forbidden('You cannot delete yourself');
    const { count } = await this.tenants.for(p.orgId).user.deleteMany({ where: { id } });
    if (!count) throw notFound('user');
    await this.audit.record({
      orgId: p.orgId,
      actor: p,
      action: 'user.deleted',
      targetType: 'user',
      targetId: id,
    });
  }
}
