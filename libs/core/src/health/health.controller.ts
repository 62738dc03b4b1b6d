import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../http/access';
import { HealthService } from './health.service';
import { SERVICE_NAME } from '../tokens';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Readiness: the service and what it depends on (its database) answer. 503 when not.',
  })
  async readiness(@Res({ passthrough: true }) res: Response) {
    const { healthy, details } = await this.health.check();
    if (!healthy) res.status(503);
    return { status: healthy ? 'healthy' : 'unhealthy', service: this.service, ...details };
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers. Touches nothing else.' })
  live() {
    return { status: 'ok' };
  }
}
