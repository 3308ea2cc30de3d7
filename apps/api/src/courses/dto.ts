import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { COURSE_ROLES, type CourseRole } from '@kubelab/platform';

export class CreateCourseDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @ApiPropertyOptional({ example: 'K8S-101' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,40}$/)
  code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) description?: string;
}

export class UpdateCourseDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[A-Za-z0-9._-]{1,40}$/) code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) description?: string;
}

export class CreateEnrolmentDto {
  @ApiProperty() @IsUUID() userId!: string;
  @ApiPropertyOptional({ enum: COURSE_ROLES, default: 'LEARNER' })
  @IsOptional()
  @IsIn(COURSE_ROLES)
  role?: CourseRole;
}
