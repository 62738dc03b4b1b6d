import { Injectable } from '@nestjs/common';
import { type ContentToSend, notFound, type Page } from '@simvault/core';
import { isValidExecutionId } from '@simvault/run-db';
import { contentTypeOf } from '../http/content-type';
import { ArtifactContent, orRefuse } from './artifact-content';
import {
  artifactResponse,
  runResponse,
  type ArtifactResponse,
  type RunFilesResponse,
} from './artifact.response';
import { RunArtifactsRepository, type IndexedRun } from './run-artifacts.repository';

/** The artifacts of indexed runs: lists, downloads, and every run of a simulation version. */
@Injectable()
export class RunsService {
  constructor(
    private readonly runs: RunArtifactsRepository,
    private readonly content: ArtifactContent,
  ) {}

  async run(executionId: string): Promise<IndexedRun> {
    const run = isValidExecutionId(executionId) ? await this.runs.findRun(executionId) : null;
    if (!run) {
      throw notFound(
        `Run ${JSON.stringify(executionId)} is not indexed here: it is indexed when the results service registers it, or with POST /runs/${encodeURIComponent(executionId)}/index.`,
      );
    }
    return run;
  }

  async files(executionId: string): Promise<RunFilesResponse> {
    const run = await this.run(executionId);
    return runResponse(run, await this.runs.artifacts(executionId));
  }

  async download(executionId: string, name: string, artifactId?: number): Promise<ContentToSend> {
    const run = await this.run(executionId);
    const artifact = await this.runs.artifact(executionId, name, artifactId);
    if (!artifact) {
      throw notFound(
        `Run ${executionId} has no artifact named ${JSON.stringify(name)}${artifactId === undefined ? '' : ` with id ${artifactId}`}.`,
      );
    }
    const bytes = orRefuse(await this.content.locate(artifact, run));
    const filename = artifact.name.split('/').pop() || `artifact-${artifact.artifactId}`;
    return {
      etag: artifact.sha256,
      size: bytes.size,
      contentType: contentTypeOf(artifact.contentType, artifact.name),
      filename,
      open: (range) => bytes.open(range),
      redirect: bytes.redirect ? () => bytes.redirect!(filename) : undefined,
    };
  }

  async ofSimulation(
    name: string,
    version: string,
    limit: number,
    offset: number,
  ): Promise<Page<ArtifactResponse>> {
    const page = await this.runs.ofSimulation(name, version, limit, offset);
    return { items: page.items.map(artifactResponse), total: page.total, limit, offset };
  }
}
