import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageOf, Privileges, type Page } from '@simvault/core';
import { AuditQueryDto, AuditRecord } from './audit.dto';
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
  @ApiOkResponse({ type: PageOf(AuditRecord) })
  list(@Query() query: AuditQueryDto): Promise<Page<AuditRecord>> {
    return this.audit.list(query);
  }
}
