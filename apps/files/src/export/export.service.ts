import { Injectable } from '@nestjs/common';
import { notFound } from '@simvault/core';
import { ROOT_FOLDER_ID } from '@simvault/entities';
import { ContentStore } from '../content/content-store';
import { EntriesRepository, type Entry } from '../entries/entries.repository';
import { safeRelativePath } from '../entries/names';
import { ArtifactContent } from '../runs/artifact-content';
import { RunArtifactsRepository } from '../runs/run-artifacts.repository';
import { RunsService } from '../runs/runs.service';
import type { Archive, ArchiveEntry } from './archive';
import type { ExportFormat } from './export.dto';
import { tarArchive } from './tar';
import { zipArchive } from './zip';

export interface Export {
  archive: Archive;
  /** The archive's file name, without extension. */
  name: string;
  files: number;
  /** Entries left out because this server holds no bytes for them (URI entries, unreadable artifacts). */
  skipped: number;
}

/** The name the whole export of everything at the top level gets. */
const TOP_LEVEL_NAME = 'files';

/**
 * Folders, files and a run's artifacts as one archive. The members are planned first (so the size
 * is known), then streamed one at a time: nothing is held in memory but the plan.
 */
@Injectable()
export class ExportService {
  constructor(
    private readonly entries: EntriesRepository,
    private readonly content: ContentStore,
    private readonly runs: RunsService,
    private readonly artifacts: RunArtifactsRepository,
    private readonly artifactContent: ArtifactContent,
  ) {}

  async entry(id: string, format: ExportFormat): Promise<Export> {
    const top = await this.entries.find(this.entries.db, id);
    if (!top) throw notFound(`No entry ${id}.`);
    const name = top.id === ROOT_FOLDER_ID ? TOP_LEVEL_NAME : top.name;
    const members: ArchiveEntry[] = [];
    let skipped = 0;
    const add = (entry: Entry, path: string) => {
      if (entry.isFolder) {
        members.push({ path, type: 'directory', size: 0, mtime: entry.dateModified });
      } else if (entry.checksum === null) {
        skipped++;
      } else {
        const checksum = entry.checksum;
        members.push({
          path,
          type: 'file',
          size: entry.size,
          mtime: entry.dateModified,
          digest: { algorithm: this.content.hash === 'sha-256' ? 'sha256' : 'sha3-256', hex: checksum },
          open: async () => {
            const stream = await this.content.open(checksum, entry.size);
            if (!stream)
              throw new Error(
                `The content of ${path} (buffer ${checksum}) is no longer in the content store.`,
              );
            return stream;
          },
        });
      }
    };
    add(top, name);
    if (top.isFolder) {
      for await (const { entry, path } of this.entries.walk(top.id)) add(entry, [name, ...path].join('/'));
    }
    return this.finish(members, format, name, skipped);
  }

  async run(executionId: string, format: ExportFormat): Promise<Export> {
    const run = await this.runs.run(executionId);
    const members: ArchiveEntry[] = [{ path: executionId, type: 'directory', size: 0, mtime: run.indexedAt }];
    const files = new Set<string>();
    const folders = new Set<string>([executionId]);
    let skipped = 0;
    for (const artifact of await this.artifacts.artifacts(executionId)) {
      const bytes = await this.artifactContent.locate(artifact, run);
      if (!bytes.available) {
        skipped++;
        continue;
      }
      let path = `${executionId}/${safeRelativePath(artifact.name) || `artifact-${artifact.artifactId}`}`;
      // Two artifacts of one name, or one named like another's folder, keep apart by id.
      const clash = (p: string) => files.has(p) || folders.has(p) || ancestorsOf(p).some((a) => files.has(a));
      if (clash(path))
        path = `${executionId}/${artifact.artifactId}~${path.slice(executionId.length + 1).replace(/\//g, '_')}`;
      files.add(path);
      ancestorsOf(path).forEach((a) => folders.add(a));
      members.push({
        path,
        type: 'file',
        size: bytes.size,
        mtime: run.indexedAt,
        digest: artifact.sha256 ? { algorithm: 'sha256', hex: artifact.sha256 } : null,
        open: () => bytes.open(),
      });
    }
    return this.finish(members, format, executionId, skipped);
  }

  private finish(members: ArchiveEntry[], format: ExportFormat, name: string, skipped: number): Export {
    return {
      archive: format === 'zip' ? zipArchive(members) : tarArchive(members),
      name,
      files: members.filter((m) => m.type === 'file').length,
      skipped,
    };
  }
}

function ancestorsOf(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(1, -1).map((_, i) => parts.slice(0, i + 2).join('/'));
}
