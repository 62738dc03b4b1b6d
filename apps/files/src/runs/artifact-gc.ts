import { Inject, Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuditLog, type Principal } from '@simvault/auth';
import {
  CLOCK,
  SIMVAULT_CONFIG,
  SIMVAULT_LOGGER,
  type Clock,
  type Logger,
  type SimvaultConfig,
} from '@simvault/core';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ArtifactStore } from './artifact-store';
import { RunArtifactsRepository } from './run-artifacts.repository';

export class ArtifactGcDto {
  @ApiPropertyOptional({
    default: true,
    description: 'List what would be deleted, deleting nothing; false to delete.',
  })
  @IsOptional()
  @IsBoolean()
  dry_run?: boolean;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 24 * 365,
    description:
      'Only artifacts stored at least this many hours ago (default SIMVAULT_ARTIFACT_GC_GRACE_HOURS).',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(24 * 365)
  grace_hours?: number;
}

export class CollectedArtifact {
  @ApiProperty() sha256!: string;
  @ApiProperty() size!: number;
}

export class ArtifactGcResponse {
  @ApiProperty() dry_run!: boolean;
  @ApiProperty() grace_hours!: number;
  @ApiProperty({ description: 'Stored before this time: younger artifacts were not looked at.' })
  before!: string;
  @ApiProperty({ type: [CollectedArtifact], description: 'Deleted (or, in a dry run, to be deleted).' })
  artifacts!: CollectedArtifact[];
  @ApiProperty() count!: number;
  @ApiProperty() bytes!: number;
}

/**
 * Deletes uploaded artifacts that no indexed run names. An upload precedes the registration that
 * names it and indexing follows that, so only artifacts stored longer ago than a grace period are
 * candidates; one an upload in this process is writing is skipped. Each deletion is audited.
 */
@Injectable()
export class ArtifactGc {
  private readonly graceHours: number;

  constructor(
    @Inject(SIMVAULT_CONFIG) config: SimvaultConfig,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly store: ArtifactStore,
    private readonly index: RunArtifactsRepository,
    private readonly audit: AuditLog,
  ) {
    this.graceHours = config.files.artifactGcGraceHours;
  }

  async collect(caller: Principal, options: ArtifactGcDto): Promise<ArtifactGcResponse> {
    const dryRun = options.dry_run ?? true;
    const graceHours = options.grace_hours ?? this.graceHours;
    const now = this.clock.now();
    const before = new Date(now.getTime() - graceHours * 3600_000);
    const artifacts: CollectedArtifact[] = [];
    for await (const page of this.store.storedBefore(before)) {
      const named = await this.index.named(page.map((a) => a.sha256));
      for (const artifact of page) {
        if (named.has(artifact.sha256)) continue;
        if (!dryRun) {
          if (!(await this.store.remove(artifact.sha256))) continue;
          await this.audit.record({
            caller,
            service: 'files',
            action: 'artifact.gc',
            target: artifact.sha256,
            reason: `no indexed run names it; stored before ${before.toISOString()}`,
            at: now,
          });
        }
        artifacts.push(artifact);
      }
    }
    const bytes = artifacts.reduce((sum, a) => sum + a.size, 0);
    if (!dryRun)
      this.logger.info({ count: artifacts.length, bytes, graceHours }, 'unnamed artifacts deleted');
    return {
      dry_run: dryRun,
      grace_hours: graceHours,
      before: before.toISOString(),
      artifacts,
      count: artifacts.length,
      bytes,
    };
  }
}
