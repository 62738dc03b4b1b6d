import { Injectable } from '@nestjs/common';
import { ChecksumRecordsService } from '@simvault/seamless';
import { MAX_TRANSFORMATION_BYTES, differences, distance } from './transformation-dict';
import type { NearestTransformation, TransformationExplainResponse } from './transformation-explain.dto';
import { TransformationIndex } from './transformation-index';

/** Recorded transformations of the same code read per explain: bounded, whatever is recorded. */
const CANDIDATES = 50;

/**
 * Why a transformation missed: whether it has a result, and, when the buffer store holds its dict,
 * the recorded transformations of the same code nearest to it, with the inputs that changed, were
 * added or removed, and any language, output or celltype that differs. Reads only: one record
 * lookup, one indexed candidate query, the buffers (the explained one and ≤ 50 candidates).
 */
@Injectable()
export class TransformationExplainService {
  constructor(
    private readonly records: ChecksumRecordsService,
    private readonly index: TransformationIndex,
  ) {}

  async explain(checksum: string, limit = 5): Promise<TransformationExplainResponse> {
    const notes: string[] = [];
    const [result, own] = await Promise.all([
      this.records.getTransformation(checksum),
      this.index.read(checksum),
    ]);
    const answer: TransformationExplainResponse = {
      checksum,
      result: result ?? null,
      buffer: own.state,
      code: null,
      compared: 0,
      nearest: [],
      notes,
    };
    notes.push(
      result === undefined
        ? `Transformation ${checksum} has no recorded result: a lookup of it misses.`
        : `Transformation ${checksum} has a recorded result, ${result}: a lookup of it hits (with validate=true, only while that buffer is stored).`,
    );
    if (own.state === 'absent') {
      notes.push(
        'The buffer store does not hold the buffer of this transformation, so its inputs are not known and it cannot be compared with others. Upload the transformation buffer (PUT /buffers/{checksum}) to see which inputs differ.',
      );
      return answer;
    }
    if (own.state === 'too_large') {
      notes.push(
        `Its buffer is ${own.length} bytes, more than a transformation dict holds (${MAX_TRANSFORMATION_BYTES}): it is not compared.`,
      );
      return answer;
    }
    if (own.state !== 'present') {
      notes.push(`Its buffer is not a transformation dict (${own.why}): it is not compared.`);
      return answer;
    }
    answer.code = own.dict.code;
    const candidates = await this.index.recordedOf(own.dict.code, checksum, CANDIDATES);
    const buffers = await this.index.readMany(candidates.map((c) => c.checksum));
    const nearest: NearestTransformation[] = [];
    candidates.forEach((candidate, i) => {
      const read = buffers[i];
      if (read.state !== 'present') return;
      const d = differences(read.dict, own.dict);
      nearest.push({ checksum: candidate.checksum, result: candidate.result, distance: distance(d), ...d });
    });
    answer.compared = nearest.length;
    if (candidates.length > nearest.length)
      notes.push(
        `${candidates.length - nearest.length} recorded transformation(s) of this code have lost their buffer and were left out.`,
      );
    if (nearest.length === 0) {
      notes.push(`No other recorded transformation runs the same code (${own.dict.code}).`);
      return answer;
    }
    // Stable sort: among equals, the latest stored stays first.
    answer.nearest = nearest.sort((a, b) => a.distance - b.distance).slice(0, limit);
    if (candidates.length === CANDIDATES)
      notes.push(`Only the ${CANDIDATES} latest recorded transformations of this code were compared.`);
    return answer;
  }
}
