import crypto from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import {
  PlatformError,
  canCreateApiKeys,
  formatApiKey,
  notFound,
  type Principal,
} from '@kubelab/platform';
import { TenantClients } from '@kubelab/server';
import { Caller, Roles } from '../common/decorators';
import { IdPipe } from '../common/id.pipe';
import { AuditService } from '../audit/audit.service';
import { sha256 } from '../auth/tokens.service';

class CreateApiKeyDto {
  @ApiProperty({ example: 'Moodle integration' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;
}

const view = (k: {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
});

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api/v1/api-keys')
@Roles('ORG_ADMIN')
export class ApiKeysController {
  constructor(
    private readonly tenants: TenantClients,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @ApiOperation({
    summary:
      'Create an API key for integrations (org admins). The key is shown only in this answer.',
  })
  async create(@Caller() p: Principal, @Body() dto: CreateApiKeyDto) {
    if (!canCreateApiKeys(p))
      throw new PlatformError(
        'forbidden',
        'API keys cannot create API keys; sign in as an organisation admin',
      );
    const prefix = crypto.randomBytes(6).toString('hex');
    const key = formatApiKey(prefix, crypto.randomBytes(24).toString('base64url'));
    const row = await this.tenants.for(p.orgId).apiKey.create({
      data: {
        orgId: p.orgId,
        name: dto.name,
        prefix,
        keyHash: sha256(key),
        createdById: p.kind === 'user' ? p.userId : null,
      },
    });
    await this.audit.record({
      orgId: p.orgId,
      actor: p,
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: row.id,
      details: { name: dto.name, prefix },
    });
    return { ...view(row), key };
  }

  @Get()
  @ApiOperation({ summary: "The organisation's API keys (never the keys themselves)" })
  async list(@Caller() p: Principal) {
    const rows = await this.tenants
      .for(p.orgId)
      .apiKey.findMany({ orderBy: { createdAt: 'desc' } });
    return { items: rows.map(view) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once' })
  async revoke(@Caller() p: Principal, @Param('id', IdPipe) id: string) {
    const { count } = await this.tenants
      .for(p.orgId)
      .apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (!count) {
      const exists = await this.tenants.for(p.orgId).apiKey.count({ where: { id } });
      if (!exists) throw notFound('API key');
      return;
    }
    await this.audit.record({
      orgId: p.orgId,
      actor: p,
      action: 'api_key.revoked',
      targetType: 'api_key',
      targetId: id,
    });
  }
}
