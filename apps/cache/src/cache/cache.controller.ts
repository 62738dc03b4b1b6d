import { Body, Controller, Delete, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, tokenFrom, type Principal } from '@simvault/auth';
import { badRequest, type ErrorBody, Privileges } from '@simvault/core';
import type { Request, Response } from 'express';
import {
  EntriesClearedResponse,
  EntryDeletedResponse,
  EntryListResponse,
  EntryResponse,
  StoredEntryResponse,
} from './cache-entry.response';
import { CacheService } from './cache.service';
import { ListEntriesQuery, StoreEntryDto } from './dto/cache.dto';

/** The key is everything after `/cache/`, slashes included (keys are usually `name/version/hash`). */
function keyOf(req: Request): string {
  const raw = req.path.slice('/cache/'.length);
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest('The cache key in the URL is not valid percent-encoding.');
  }
}

@ApiTags('cache')
@Controller('cache')
export class CacheController {
  constructor(private readonly cache: CacheService) {}

  @Get('entries')
  @Privileges('read')
  @ApiOperation({
    summary:
      'List entries, newest first, by simulation_id, simulation_name, status and execution_id; {entries, total, limit, offset}.',
  })
  @ApiOkResponse({ type: EntryListResponse })
  list(@Query() query: ListEntriesQuery): Promise<EntryListResponse> {
    return this.cache.list(query);
  }

  @Post()
  @Privileges('write')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Store (or replace) an entry: where the result of a run with these inputs lives. Replacing someone else's entry needs cache_invalidate (audited). {success: true, cache_key, expires_at}, plus warnings when the catalog does not know simulation_id (422 instead with SIMVAULT_CACHE_UNKNOWN_SIMULATIONS=refuse).",
  })
  @ApiOkResponse({ type: StoredEntryResponse })
  store(
    @Body() body: StoreEntryDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: Request,
  ): Promise<StoredEntryResponse> {
    return this.cache.store(body, caller, tokenFrom(req));
  }

  @Delete()
  @Privileges('admin')
  @ApiOperation({ summary: 'Delete every entry (admin). {deleted}.' })
  @ApiOkResponse({ type: EntriesClearedResponse })
  clear(@CurrentPrincipal() caller: Principal): Promise<EntriesClearedResponse> {
    return this.cache.clear(caller);
  }

  @Get('*key')
  @Privileges('read')
  @ApiParam({ name: 'key', description: 'The cache key; may contain "/".' })
  @ApiOperation({
    summary:
      'Look up a key: 200 with the entry on a hit, 404 {error: "Not found"} on a miss, expiry or invalidation.',
  })
  @ApiOkResponse({ type: EntryResponse, description: 'A hit (a miss answers 404 with details.reason).' })
  async get(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EntryResponse | ErrorBody> {
    const result = await this.cache.lookup(keyOf(req));
    if ('hit' in result) return result.hit;
    res.status(404);
    return { error: 'Not found', statusCode: 404, details: { reason: result.miss } };
  }

  @Delete('*key')
  @Privileges('cache_invalidate')
  @ApiParam({ name: 'key', description: 'The cache key; may contain "/".' })
  @ApiOperation({ summary: 'Delete one entry. {deleted_count, cache_key}, or 404.' })
  @ApiOkResponse({ type: EntryDeletedResponse })
  remove(@Req() req: Request, @CurrentPrincipal() caller: Principal): Promise<EntryDeletedResponse> {
    return this.cache.remove(keyOf(req), caller);
  }
}
