import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Privileges } from '@simvault/core';
import { AuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Privileges('catalog_update')
  @ApiOperation({
    summary:
      'The audit log, newest first: every registration, change and deletion of a simulation, who made it, when, and what changed. Filter by simulation_id, name, action, username.',
  })
  list(@Query() query: AuditQueryDto) {
    return this.audit.list(query);
  }
}
