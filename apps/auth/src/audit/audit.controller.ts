import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditLog } from '@simvault/auth';
import { PageQueryDto, Privileges } from '@simvault/core';

@ApiTags('audit')
@Controller('audit')
@Privileges('admin')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @ApiOperation({
    summary:
      "The platform's audit log (admin), newest first: every act on someone else's work in any app — who, what, when, why, to what.",
  })
  list(@Query() query: PageQueryDto) {
    return this.audit.list(query);
  }
}
