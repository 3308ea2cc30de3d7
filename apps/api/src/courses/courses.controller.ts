import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@kubelab/platform';
import { Caller, Roles } from '../common/decorators';
import { IdPipe } from '../common/id.pipe';
import { CoursesService } from './courses.service';
import { CreateCourseDto, CreateEnrolmentDto, UpdateCourseDto } from './dto';

@ApiTags('courses')
@ApiBearerAuth()
@Controller('api/v1/courses')
export class CoursesController {
  constructor(private readonly courses: CoursesService) {}

  @Get()
  @ApiOperation({ summary: 'Courses the caller belongs to (admins: all of the organisation)' })
  async list(@Caller() p: Principal) {
    return { items: await this.courses.list(p) };
  }

  @Post()
  @Roles('ORG_ADMIN', 'INSTRUCTOR')
  @ApiOperation({ summary: 'Create a course (its creating instructor is enrolled as instructor)' })
  create(@Caller() p: Principal, @Body() dto: CreateCourseDto) {
    return this.courses.create(p, dto);
  }

  @Get(':id')
  async get(@Caller() p: Principal, @Param('id', IdPipe) id: string) {
    const { course, membership } = await this.courses.visible(p, id);
    return { ...course, myRole: membership };
  }

  @Patch(':id')
  update(@Caller() p: Principal, @Param('id', IdPipe) id: string, @Body() dto: UpdateCourseDto) {
    return this.courses.update(p, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Caller() p: Principal, @Param('id', IdPipe) id: string) {
    return this.courses.remove(p, id);
  }

  @Get(':id/enrolments')
  @ApiOperation({ summary: 'Who is enrolled (course instructors and admins)' })
  async enrolments(@Caller() p: Principal, @Param('id', IdPipe) id: string) {
    return { items: await this.courses.enrolments(p, id) };
  }

  @Post(':id/enrolments')
  @ApiOperation({ summary: 'Enrol a user of the organisation (course instructors and admins)' })
  enrol(@Caller() p: Principal, @Param('id', IdPipe) id: string, @Body() dto: CreateEnrolmentDto) {
    return this.courses.enrol(p, id, dto);
  }

  @Delete(':id/enrolments/:enrolmentId')
  @HttpCode(204)
  unenrol(
    @Caller() p: Principal,
    @Param('id', IdPipe) id: string,
    @Param('enrolmentId', IdPipe) enrolmentId: string,
  ) {
    return this.courses.unenrol(p, id, enrolmentId);
  }
}
