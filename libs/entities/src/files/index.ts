import { FileEntryEntity } from './file-entry.entity';
import { FileRunEntity } from './file-run.entity';
import { FileTagEntity } from './file-tag.entity';
import { FilesInitial1764300000000 } from './migrations/1764300000000-files-initial';
import { FilesOwner1796000000003 } from './migrations/1796000000003-files-owner';
import { FilesArtifactDigest1796000000004 } from './migrations/1796000000004-files-artifact-digest';
import { RunArtifactEntity } from './run-artifact.entity';

export { FileEntryEntity, FileRunEntity, FileTagEntity, RunArtifactEntity };
export { MAX_ENTRY_NAME_BYTES, ROOT_FOLDER_ID } from './file-entry.entity';
export { MAX_TAG_LENGTH } from './file-tag.entity';
export { type ArtifactStorage } from './run-artifact.entity';

/** The file-manager bounded context: folders and files, their tags, and the index of run artifacts. */
export const FILES_ENTITIES = [FileEntryEntity, FileTagEntity, FileRunEntity, RunArtifactEntity];
export const FILES_MIGRATIONS = [
  FilesInitial1764300000000,
  FilesOwner1796000000003,
  FilesArtifactDigest1796000000004,
];
export const FILES_MIGRATIONS_TABLE = 'migrations_files';
export const FILES_TABLES = ['file_entries', 'file_tags', 'file_runs', 'run_artifacts'];

export const FILES_SCHEMA = {
  entities: FILES_ENTITIES,
  migrations: FILES_MIGRATIONS,
  migrationsTableName: FILES_MIGRATIONS_TABLE,
};
