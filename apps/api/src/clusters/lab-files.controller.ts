import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { PlatformError, notFound, type Principal } from '@kubelab/platform';
import { TenantClients } from '@kubelab/server';
import { Caller } from '../common/decorators';
import { IdPipe } from '../common/id.pipe';
import { ClustersService } from './clusters.service';

// Files a learner keeps in the lab (manifests written in the editor, `kubectl … > file`), per
// cluster, so that `kubectl apply -f web.yaml` finds them in the next session too.

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const MAX_FILES = 100;

class FileDto {
  @ApiProperty({ example: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n' })
  @IsString()
  @MaxLength(512 * 1024)
  content!: string;
}

function checkName(name: string): string {
  if (!NAME.test(name))
    throw new PlatformError(
      'validation_failed',
      'A file name is 1-100 letters, digits, dots, dashes or underscores, starting with a letter or digit',
      [{ field: 'name', message: 'invalid file name' }],
    );
  return name;
}

const view = (f: { name: string; content: string; updatedAt: Date }) => ({
  name: f.name,
  content: f.content,
  updatedAt: f.updatedAt,
});

@ApiTags('clusters')
@ApiBearerAuth()
@Controller('api/v1/clusters/:id/files')
export class LabFilesController {
  constructor(
    private readonly clusters: ClustersService,
    private readonly tenants: TenantClients,
  ) {}

  @Get()
  @ApiOperation({ summary: "The lab's saved files for this cluster" })
  async list(@Caller() p: Principal, @Param('id', IdPipe) id: string) {
    await this.clusters.visible(p, id);
    const rows = await this.tenants
      .for(p.orgId)
      .labFile.findMany({ where: { clusterId: id }, orderBy: { name: 'asc' } });
    return { items: rows.map(view) };
  }

  @Put(':name')
  @ApiOperation({ summary: 'Save (create or replace) a lab file' })
  async save(
    @Caller() p: Principal,
    @Param('id', IdPipe) id: string,
    @Param('name') name: string,
    @Body() dto: FileDto,
  ) {
    await this.clusters.visible(p, id);
    checkName(name);
    const db = this.tenants.for(p.orgId);
    const exists = await db.labFile.findFirst({ where: { clusterId: id, name } });
    if (!exists && (await db.labFile.count({ where: { clusterId: id } })) >= MAX_FILES)
      throw new PlatformError(
        'conflict',
        `A lab keeps at most ${MAX_FILES} files; delete one first`,
      );
    const saved = exists
      ? await db.labFile.update({ where: { id: exists.id }, data: { content: dto.content } })
      : await db.labFile.create({
          data: { orgId: p.orgId, clusterId: id, name, content: dto.content },
        });
    return view(saved);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a lab file' })
  async remove(
    @Caller() p: Principal,
    @Param('id', IdPipe) id: string,
    @Param('name') name: string,
  ) {
    await this.clusters.visible(p, id);
    const { count } = await this.tenants
      .for(p.orgId)
      .labFile.deleteMany({ where: { clusterId: id, name: checkName(name) } });
    if (!count) throw notFound('file');
  }
}
