import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@simvault/auth';
import {
  ApiBinaryResponse,
  type Logger,
  Privileges,
  RawBody,
  REDIRECT_DESCRIPTION,
  sendContent,
  SIMVAULT_LOGGER,
} from '@simvault/core';
import type { Request, Response } from 'express';
import {
  BatchDto,
  ContentQuery,
  CreateEntryDto,
  DeleteQuery,
  ListEntriesQuery,
  UpdateEntryDto,
  UploadQuery,
} from './dto/entries.dto';
import { EntriesService } from './entries.service';
import {
  BatchAnswer,
  DeletedEntryResponse,
  EntryPage,
  EntryResponse,
  FolderResponse,
  UploadedEntryResponse,
} from './entry.response';

const RAW_BODY = {
  schema: { type: 'string', format: 'binary' },
  description: 'The file itself (application/octet-stream).',
};

@ApiTags('files')
@Controller('files')
export class EntriesController {
  constructor(
    private readonly entries: EntriesService,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  @Privileges('read')
  @ApiOperation({
    summary:
      'List a folder (the top level without parent_id; or every entry with ?tag=), sorted by name, date_created, date_modified or size: {items, total, limit, offset, next_cursor}.',
  })
  @ApiOkResponse({ type: EntryPage })
  list(@Query() query: ListEntriesQuery): Promise<EntryPage> {
    return this.entries.list(query);
  }

  @Post()
  @Privileges('write')
  @ApiOperation({
    summary:
      "Create a folder (is_folder: true) or a file entry that points at a uri (sim2l's create_folder / create_file). 201 with the record; 409 when the folder already holds that name.",
  })
  @ApiCreatedResponse({ type: EntryResponse })
  create(@Body() body: CreateEntryDto, @CurrentPrincipal() caller: Principal): Promise<EntryResponse> {
    return this.entries.create(body, caller);
  }

  @Post('upload')
  @RawBody()
  @Privileges('write')
  @ApiConsumes('application/octet-stream')
  @ApiBody(RAW_BODY)
  @ApiOperation({
    summary:
      'Create a file holding the request body (any Content-Type), stored by checksum (the same bytes are stored once: deduplicated: true). ?name=&parent_id=&content_type=&checksum=.',
  })
  @ApiCreatedResponse({ type: UploadedEntryResponse })
  upload(
    @Query() query: UploadQuery,
    @Req() req: Request,
    @CurrentPrincipal() caller: Principal,
  ): Promise<UploadedEntryResponse> {
    return this.entries.upload(query, req, caller);
  }

  @Post('batch')
  @HttpCode(200)
  @Privileges('write')
  @ApiOperation({
    summary:
      'Move, delete, tag or untag many entries (ids, at most 1000) in one transaction: all change, or none (the refusal names the entry).',
  })
  @ApiOkResponse({ type: BatchAnswer })
  batch(@Body() body: BatchDto, @CurrentPrincipal() caller: Principal): Promise<BatchAnswer> {
    return this.entries.batch(body, caller);
  }

  @Get(':id')
  @Privileges('read')
  @ApiOperation({
    summary:
      'One entry; a folder lists a page of its children too (sim2l\'s list_folder), sorted and paged like GET /files. "root" is the top level.',
  })
  @ApiOkResponse({ type: FolderResponse })
  get(@Param('id') id: string, @Query() children: ListEntriesQuery): Promise<FolderResponse> {
    return this.entries.get(id, children);
  }

  @Patch(':id')
  @Privileges('write')
  @ApiOperation({
    summary:
      'Rename (name), move (parent_id; never into itself), replace metadata or tags. Only its creator or an admin.',
  })
  @ApiOkResponse({ type: EntryResponse })
  update(
    @Param('id') id: string,
    @Body() body: UpdateEntryDto,
    @CurrentPrincipal() caller: Principal,
  ): Promise<EntryResponse> {
    return this.entries.update(id, body, caller);
  }

  @Delete(':id')
  @Privileges('write')
  @ApiOperation({
    summary:
      'Delete an entry; a folder that is not empty only with ?recursive=true (then everything in it). {id, deleted}. Only its creator or an admin.',
  })
  @ApiOkResponse({ type: DeletedEntryResponse })
  remove(
    @Param('id') id: string,
    @Query() query: DeleteQuery,
    @CurrentPrincipal() caller: Principal,
  ): Promise<DeletedEntryResponse> {
    return this.entries.remove(id, query.recursive === true, caller);
  }

  @Get(':id/content')
  @Privileges('read')
  @ApiBinaryResponse('application/octet-stream')
  @ApiOperation({
    summary:
      "A file's uploaded content, streamed and verified, with Content-Type, Content-Length and ETag (its checksum); 304 for If-None-Match; one byte range (Range, If-Range) with 206.",
  })
  @ApiResponse({ status: 302, description: REDIRECT_DESCRIPTION })
  async download(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const content = await this.entries.download(id);
    await sendContent(req, res, {
      ...content,
      onError: (error) => this.logger.warn({ id, err: error.message }, 'a file download was cut short'),
    });
  }

  @Put(':id/content')
  @RawBody()
  @Privileges('write')
  @ApiConsumes('application/octet-stream')
  @ApiBody(RAW_BODY)
  @ApiOperation({ summary: "Replace a file's content with the request body (?content_type=&checksum=)." })
  @ApiOkResponse({ type: UploadedEntryResponse })
  replace(
    @Param('id') id: string,
    @Query() query: ContentQuery,
    @Req() req: Request,
    @CurrentPrincipal() caller: Principal,
  ): Promise<UploadedEntryResponse> {
    return this.entries.replaceContent(id, query, req, caller);
  }
}
