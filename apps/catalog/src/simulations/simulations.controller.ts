import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@simvault/auth';
import { IntegerIdPipe, Privileges } from '@simvault/core';
import type { Request, Response } from 'express';
import { GetSimulationQuery, SearchQueryDto } from './dto/search.dto';
import {
  DeletedSimulationResponse,
  RegisteredSimulationResponse,
  SimulationResponse,
  SimulationVersionsResponse,
  UpdatedSimulationResponse,
} from './dto/simulation-response.dto';
import { RegisterSimulationDto, UpdateSimulationDto } from './dto/simulation.dto';
import { SimulationsService } from './simulations.service';

/** A simulation id in the path: a 400 with a sentence, not Nest's default message. */
export const SimulationId = () => IntegerIdPipe('The simulation id in the URL must be a whole number.');

@ApiTags('simulations')
@Controller('simulations')
export class SimulationsController {
  constructor(private readonly simulations: SimulationsService) {}

  @Post()
  @Privileges('catalog_update')
  @ApiOperation({
    summary:
      'Register a simulation version: 201 {id, status: "registered"}; 409 when the name and version exist; 400 naming every problem in the schemas or bundle.',
  })
  @ApiCreatedResponse({ type: RegisteredSimulationResponse })
  register(
    @Body() body: RegisterSimulationDto,
    @CurrentPrincipal() caller: Principal,
  ): Promise<RegisteredSimulationResponse> {
    return this.simulations.register(body, caller);
  }

  // Fixed routes first: /simulations/search is not a simulation named "search".
  @Get('search')
  @Privileges('read')
  @ApiOperation({
    summary:
      'Search name, description and tags, ranked: a bare JSON array (what sim2l reads); the number of matches in X-Total-Count.',
  })
  @ApiOkResponse({
    type: [SimulationResponse],
    headers: {
      'X-Total-Count': { description: 'How many match, across every page.', schema: { type: 'integer' } },
    },
  })
  async search(
    @Query() query: SearchQueryDto,
    @CurrentPrincipal() caller: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SimulationResponse[]> {
    const { items, total } = await this.simulations.search(query, caller);
    res.setHeader('X-Total-Count', String(total));
    return items;
  }

  @Get(':name')
  @Privileges('read')
  @ApiParam({ name: 'name', example: 'thermal_sim' })
  @ApiOperation({
    summary:
      'One simulation by name: the given version, or the latest in version order (1.10.0 after 1.9.0).',
  })
  @ApiOkResponse({ type: SimulationResponse })
  get(
    @Param('name') name: string,
    @Query() query: GetSimulationQuery,
    @CurrentPrincipal() caller: Principal,
  ): Promise<SimulationResponse> {
    return this.simulations.get(name, query.version, caller);
  }

  @Get(':name/versions')
  @Privileges('read')
  @ApiOperation({ summary: 'Every version of a simulation, latest first: {name, latest, count, versions}.' })
  @ApiOkResponse({ type: SimulationVersionsResponse })
  versions(
    @Param('name') name: string,
    @CurrentPrincipal() caller: Principal,
  ): Promise<SimulationVersionsResponse> {
    return this.simulations.versions(name, caller);
  }

  @Patch(':id')
  @Privileges('catalog_update')
  @ApiOperation({
    summary:
      'Change tags, dependencies, metadata, schemas, workflow, description, status, visibility, license…: {status: "updated", changed, ignored_keys?}. Audited.',
  })
  @ApiOkResponse({ type: UpdatedSimulationResponse })
  update(
    @Param('id', SimulationId()) id: number,
    @Body() body: UpdateSimulationDto,
    @Req() req: Request,
    @CurrentPrincipal() caller: Principal,
  ): Promise<UpdatedSimulationResponse> {
    return this.simulations.update(id, body, req.body, caller);
  }

  @Delete(':id')
  @Privileges('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Delete a simulation version and its executions (admin): {status: "deleted", …}. Audited.',
  })
  @ApiOkResponse({ type: DeletedSimulationResponse })
  remove(
    @Param('id', SimulationId()) id: number,
    @CurrentPrincipal() caller: Principal,
  ): Promise<DeletedSimulationResponse> {
    return this.simulations.remove(id, caller);
  }
}
