import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@kubelab/platform';
import { TenantClients } from '@kubelab/server';
import { Caller } from '../common/decorators';

@ApiTags('me')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  constructor(private readonly tenants: TenantClients) {}

  @Get()
  @ApiOperation({ summary: 'Who the caller is, and in which organisation' })
  async me(@Caller() p: Principal) {
    const tdb = this.tenants.for(p.orgId);
    const org = await tdb.organisation.findFirstOrThrow({ where: {} });
    const organisation = { id: org.id, slug: org.slug, name: org.name };
    if (p.kind === 'apiKey') {
      const k = await tdb.apiKey.findUniqueOrThrow({ where: { id: p.apiKeyId } });
      return {
        kind: 'apiKey',
        apiKey: { id: k.id, name: k.name, prefix: k.prefix },
        role: p.role,
        organisation,
      };
    }
    const u = await tdb.user.findUniqueOrThrow({ where: { id: p.userId } });
    return {
      kind: 'user',
      user: { id: u.id, email: u.email, name: u.name, role: u.role, orgId: u.orgId },
      organisation,
    };
  }
}
