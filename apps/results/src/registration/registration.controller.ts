import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, maySee, tokenFrom, type Principal } from '@simvault/auth';
import { ApiError, notFound, Privileges, RawBody } from '@simvault/core';
import { QueueService } from '@simvault/queue';
import type { Request, Response } from 'express';
import { REGISTRATION_QUEUE } from '../tokens';
import { BatchDto, RegisterDirectDto, RegisterDto, UploadQuery } from './dto/registration.dto';
import {
  QueuedAnswer,
  RegisterAnswer,
  RegisterDirectAnswer,
  RegistrationJobResponse,
} from './dto/registration-response.dto';
import { RegistrationService } from './registration.service';

const answer = (res: Response, result: RegisterAnswer | QueuedAnswer) => {
  if ('status' in result && result.status === 'queued') res.status(202);
  return result;
};

@ApiTags('registration')
@Controller()
export class RegistrationController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly queue: QueueService,
  ) {}

  @Post('register')
  @HttpCode(200)
  @Privileges('write')
  @ApiOperation({
    summary:
      "Register a run: reads <run root>/<execution_id>.db (or run_db_path, which must lie under a run root), keeps the platform's copy, stores the result. {success, result_id, schema_id, …}; with async: true, 202 {job_id, status_url}.",
  })
  @ApiOkResponse({ type: RegisterAnswer })
  @ApiAcceptedResponse({ type: QueuedAnswer, description: 'With async: true, the job to follow.' })
  async register(
    @Body() body: RegisterDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegisterAnswer | QueuedAnswer> {
    return answer(res, await this.registration.register(body, caller, tokenFrom(req)));
  }

  @Post('register/upload')
  @RawBody()
  @HttpCode(200)
  @Privileges('write')
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'The run file itself.' })
  @ApiOperation({
    summary:
      'Register a run file sent as the request body (application/octet-stream), up to SIMVAULT_MAX_RUN_FILE_BYTES. Same answers as POST /register.',
  })
  @ApiOkResponse({ type: RegisterAnswer })
  @ApiAcceptedResponse({ type: QueuedAnswer, description: 'With async: true, the job to follow.' })
  async upload(
    @Req() req: Request,
    @Query() query: UploadQuery,
    @CurrentPrincipal() caller: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegisterAnswer | QueuedAnswer> {
    const type = req.headers['content-type'] ?? '';
    if (/^multipart\//i.test(type)) {
      throw new ApiError(
        415,
        'Send the run file itself as the body, not a multipart form (Content-Type: application/octet-stream).',
      );
    }
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > this.registration.maxRunFileBytes) {
      throw new ApiError(
        413,
        `The upload is more than the ${this.registration.maxRunFileBytes} bytes a run file may have.`,
      );
    }
    return answer(res, await this.registration.upload(req, query, caller, tokenFrom(req)));
  }

  @Post('register/batch')
  @HttpCode(202)
  @Privileges('write')
  @ApiOperation({
    summary:
      'Register many run files under the run roots (a list, or every *.db in a directory) as one job: 202 {job_id, status_url, total}; GET /jobs/<id> gives its progress.',
  })
  @ApiAcceptedResponse({ type: QueuedAnswer })
  batch(
    @Body() body: BatchDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: Request,
  ): Promise<QueuedAnswer> {
    return this.registration.batch(body, caller, tokenFrom(req));
  }

  @Post('register_direct')
  @HttpCode(200)
  @Privileges('write')
  @ApiOperation({
    summary:
      'sim2l\'s direct registration: the values, without a run file. A missing field answers 400 {error: "<field> required"}.',
  })
  @ApiOkResponse({ type: RegisterDirectAnswer })
  registerDirect(
    @Body() body: RegisterDirectDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: Request,
  ): Promise<RegisterDirectAnswer> {
    return this.registration.registerDirect(body, caller, tokenFrom(req));
  }

  @Get('jobs/:id')
  @Privileges('read')
  @ApiOperation({
    summary:
      "One of your registration jobs (admins: anyone's): its state (waiting, active, completed, failed), progress, result or error.",
  })
  @ApiOkResponse({ type: RegistrationJobResponse })
  async job(
    @Param('id') id: string,
    @CurrentPrincipal() caller: Principal,
  ): Promise<RegistrationJobResponse> {
    const status = await this.queue.status(REGISTRATION_QUEUE, id);
    // Someone else's job does not exist, to this caller.
    if (!status || !maySee(caller, status.ownerId)) throw notFound(`No registration job ${id} of yours.`);
    return {
      job_id: status.id,
      name: status.name,
      state: status.state,
      // What runJob reports and answers: a number or a batch's counts; a file's or a batch's answer.
      progress: status.progress as RegistrationJobResponse['progress'],
      result: (status.result ?? null) as RegistrationJobResponse['result'],
      error: status.error ?? null,
    };
  }
}
