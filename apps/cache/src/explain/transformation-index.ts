import { buffer as readStream } from 'node:stream/consumers';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { BufferStore } from '@simvault/buffers';
import { gatewayOf, InjectDataSource, type DatabaseGateway } from '@simvault/db';
import type { DataSource } from 'typeorm';
import { CACHE_DB } from '../tokens';
import {
  MAX_TRANSFORMATION_BYTES,
  parseTransformation,
  type TransformationDict,
} from './transformation-dict';

/** What the buffer store holds under a checksum, read as a transformation. */
export type TransformationBuffer =
  | { state: 'absent' }
  | { state: 'too_large'; length: number }
  | { state: 'not_a_transformation'; why: string }
  | { state: 'unreadable'; why: string }
  | { state: 'present'; dict: TransformationDict };

/**
 * The code of each transformation buffer (table transformation_code), written as buffers are
 * stored: a buffer that is small and reads as a transformation dict is indexed by its code pin,
 * one insert that ignores a repeat. Every other buffer costs one look at its first byte.
 */
@Injectable()
export class TransformationIndex implements OnModuleInit {
  private readonly db: DatabaseGateway;

  constructor(
    private readonly store: BufferStore,
    @InjectDataSource(CACHE_DB) dataSource: DataSource,
  ) {
    this.db = gatewayOf(dataSource);
  }

  onModuleInit(): void {
    this.store.onStored(async (checksum, length) => {
      if (length > MAX_TRANSFORMATION_BYTES) return;
      const read = await this.read(checksum);
      if (read.state === 'present') await this.index(checksum, read.dict);
    });
  }

  /** The buffer of `checksum` as a transformation, read whole only when it can be one. */
  async read(checksum: string): Promise<TransformationBuffer> {
    const open = await this.store.read(checksum);
    if (!open) return { state: 'absent' };
    if (open.size > MAX_TRANSFORMATION_BYTES) {
      open.stream.destroy();
      return { state: 'too_large', length: open.size };
    }
    let bytes: Buffer;
    try {
      bytes = await readStream(open.stream);
    } catch (error) {
      // A corrupt copy (the store's verifying read says so) explains nothing, but is no 500.
      return { state: 'unreadable', why: (error as Error).message };
    }
    // A transformation dict is a JSON object: anything else is not parsed at all.
    if (bytes.subarray(0, 64).toString('latin1').trimStart()[0] !== '{')
      return { state: 'not_a_transformation', why: 'it is not a JSON object' };
    const dict = parseTransformation(bytes);
    return typeof dict === 'string'
      ? { state: 'not_a_transformation', why: dict }
      : { state: 'present', dict };
  }

  /** Many buffers at once (the candidates of an explain): read side by side. */
  readMany(checksums: readonly string[]): Promise<TransformationBuffer[]> {
    return Promise.all(checksums.map((c) => this.read(c)));
  }

  async index(checksum: string, dict: TransformationDict): Promise<void> {
    await this.db.execute(
      'INSERT INTO transformation_code (checksum, code) VALUES (?, ?) ON CONFLICT (checksum) DO NOTHING',
      [checksum, dict.code],
      { prepare: true },
    );
  }

  /**
   * The recorded transformations (those with a result) of a code, latest buffer first, `except`
   * left out: one statement down idx_transformation_code_code_id, each row checked by the
   * transformation table's primary key, stopping at `limit`.
   */
  async recordedOf(
    code: string,
    except: string,
    limit: number,
  ): Promise<{ checksum: string; result: string }[]> {
    return this.db.query<{ checksum: string; result: string }>(
      'SELECT tc.checksum AS checksum, t.result AS result FROM transformation_code tc ' +
        'JOIN transformation t ON t.checksum = tc.checksum ' +
        'WHERE tc.code = ? AND tc.checksum <> ? ORDER BY tc.id DESC LIMIT ?',
      [code, except, limit],
      { prepare: true },
    );
  }
}
