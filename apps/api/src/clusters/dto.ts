import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

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

  @ApiPropertyOptional({
    description: 'Initial clock speed: 1 = real time (default), 0 = instant',
    minimum: 0,
    maximum: 1000,
  })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1000)
  clockSpeed?: number;
}

export class ClockDto {
  @ApiPropertyOptional({
    description: 'Fast-forward the virtual clock by this many seconds',
    example: 900,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365 * 24 * 3600)
  advanceSeconds?: number;

  @ApiPropertyOptional({
    description: '1 = real time, 0 = instant (every delay elapses at once), 10 = ten times faster',
    minimum: 0,
    maximum: 1000,
  })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1000)
  speed?: number;
}

const QUANTITY = /^\d+(\.\d+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;

export class AddNodeDto {
  @ApiPropertyOptional({
    example: 'kubelab-worker3',
    description: "Defaults to the next free name of the cluster's pattern",
  })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  @Matches(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, {
    message: 'name must be lowercase letters, digits, dots and dashes (a DNS subdomain)',
  })
  name?: string;

  @ApiPropertyOptional({ enum: ['worker', 'control-plane'], default: 'worker' })
  @IsOptional()
  @IsIn(['worker', 'control-plane'])
  role?: 'worker' | 'control-plane';

  @ApiPropertyOptional({ example: '4', description: 'CPU capacity (a quantity)' })
  @IsOptional()
  @IsString()
  @Matches(QUANTITY, { message: 'cpu must be a quantity such as 4 or 3500m' })
  cpu?: string;

  @ApiPropertyOptional({ example: '8Gi', description: 'Memory capacity (a quantity)' })
  @IsOptional()
  @IsString()
  @Matches(QUANTITY, { message: 'memory must be a quantity such as 8Gi' })
  memory?: string;

  @ApiPropertyOptional({ example: { disktype: 'ssd' }, description: 'Extra node labels' })
  @IsOptional()
  @IsObject()
  labels?: Record<string, string>;
}
