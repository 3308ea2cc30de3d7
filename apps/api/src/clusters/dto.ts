import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class CreateClusterDto {
  @ApiPropertyOptional({ example: 'my-first-cluster', description: 'Defaults to a generated name' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  @Matches(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
    message: 'name must be lowercase letters, digits and dashes (a DNS label)',
  })
  name?: string;

  @ApiPropertyOptional({
    description: 'Owner of the cluster; org admins and API keys may create clusters for a user',
  })
  @IsOptional()
  @IsUUID()
  ownerId?: string;
}
