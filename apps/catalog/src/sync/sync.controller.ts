import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@simvault/auth';
import { IntegerIdPipe, PageOf, PageQueryDto, Privileges, type Page } from '@simvault/core';
import { InstallationEntity } from '@simvault/entities';
import type { Request } from 'express';
import { CatalogDatabase } from '../database/catalog-database';
import {
  AutoSyncDto,
  AutoSyncResponse,
  InstallationReportDto,
  InstallationReportResponse,
  InstallationResponse,
  RejectDto,
  SyncApprovedResponse,
  SyncItemResponse,
  SyncItemsQuery,
  SyncJobResponse,
  SyncRejectedResponse,
} from './sync.dto';
import { SyncService } from './sync.service';

const SyncId = () => IntegerIdPipe('The sync item id in the URL must be a whole number.');

@ApiTags('auto-sync')
@Controller('installations')
export class InstallationsController {
  constructor(
    private readonly sync: SyncService,
    private readonly db: CatalogDatabase,
  ) {}

  @Post()
  @Privileges('write')
  @ApiOperation({
    summary:
      'An installation reports itself (and optionally its simulations, which are synced on the queue): 201 {installation_id, status, sync}.',
  })
  @ApiCreatedResponse({ type: InstallationReportResponse })
  report(
    @Body() body: InstallationReportDto,
    @Req() req: Request,
    @CurrentPrincipal() caller: Principal,
  ): Promise<InstallationReportResponse> {
    return this.sync.report(body, req.body, caller);
  }

  @Get()
  @Privileges('catalog_update')
  @ApiOperation({ summary: 'Known installations, most recently seen first.' })
  @ApiOkResponse({ type: PageOf(InstallationResponse) })
  async list(@Query() query: PageQueryDto): Promise<Page<InstallationResponse>> {
    const [rows, total] = await this.db.dataSource.getRepository(InstallationEntity).findAndCount({
      order: { lastSeenAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return {
      items: rows.map((r) => ({
        installation_id: r.id,
        hostname: r.hostname,
        platform: r.platform,
        details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>),
        reported_by: r.reportedBy,
        first_seen_at: r.firstSeenAt.toISOString(),
        last_seen_at: r.lastSeenAt.toISOString(),
        simulation_count: r.simulationCount,
      })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }
}

@ApiTags('auto-sync')
@Controller('sync')
export class SyncController {
  constructor(private readonly sync: SyncService) {}

  @Post('auto')
  @Privileges('write')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Report simulations to sync: checked now, processed on the queue (registered for a catalog_update caller, otherwise queued for an admin). 202 {status: "queued", job_id, items}.',
  })
  @ApiAcceptedResponse({ type: AutoSyncResponse })
  auto(@Body() body: AutoSyncDto, @CurrentPrincipal() caller: Principal): Promise<AutoSyncResponse> {
    return this.sync.auto(body, caller);
  }

  @Get('jobs/:id')
  @Privileges('write')
  @ApiOperation({
    summary:
      "One of your sync jobs (admins: anyone's): its state and, once completed, {registered, queued, existing}.",
  })
  @ApiOkResponse({ type: SyncJobResponse })
  job(@Param('id') id: string, @CurrentPrincipal() caller: Principal): Promise<SyncJobResponse> {
    return this.sync.job(id, caller);
  }

  @Get('pending')
  @Privileges('admin')
  @ApiOperation({
    summary: 'Reported simulations waiting for an admin (status=pending, approved, rejected, all).',
  })
  @ApiOkResponse({ type: PageOf(SyncItemResponse) })
  list(@Query() query: SyncItemsQuery): Promise<Page<SyncItemResponse>> {
    return this.sync.list(query);
  }

  @Post(':id/approve')
  @Privileges('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Register a waiting simulation: {status: "approved", sync_id, simulation_id}.' })
  @ApiOkResponse({ type: SyncApprovedResponse })
  approve(
    @Param('id', SyncId()) id: number,
    @CurrentPrincipal() caller: Principal,
  ): Promise<SyncApprovedResponse> {
    return this.sync.approve(id, caller);
  }

  @Post(':id/reject')
  @Privileges('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Turn a waiting simulation down, with a reason: {status: "rejected", sync_id}.' })
  @ApiOkResponse({ type: SyncRejectedResponse })
  reject(
    @Param('id', SyncId()) id: number,
    @Body() body: RejectDto,
    @CurrentPrincipal() caller: Principal,
  ): Promise<SyncRejectedResponse> {
    return this.sync.reject(id, body.reason, caller);
  }
}
