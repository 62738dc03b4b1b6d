import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../http/access';
import { HealthResponse, LivenessResponse } from './health.dto';
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
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: 'A dependency does not answer.' })
  async readiness(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const { healthy, details } = await this.health.check();
    if (!healthy) res.status(503);
    return { status: healthy ? 'healthy' : 'unhealthy', service: this.service, ...details };
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers. Touches nothing else.' })
  @ApiOkResponse({ type: LivenessResponse })
  live(): LivenessResponse {
    return { status: 'ok' };
  }
}
