import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { JOB_STATES, type JobState } from '@simvault/queue';
import type { ParamClass } from '@simvault/entities';

/** One disagreement between a registered value and the catalog version's schema. */
export class SchemaWarningResponse {
  @ApiProperty() param: string;
  @ApiProperty({ enum: ['input', 'output'] }) class: ParamClass;
  @ApiProperty({ enum: ['type', 'units', 'min', 'max', 'options', 'required', 'undeclared'] })
  problem: 'type' | 'units' | 'min' | 'max' | 'options' | 'required' | 'undeclared';
  @ApiProperty() message: string;
}

/** What POST /register_direct answers: the stored result and what the catalog said of it. */
export class RegisterDirectAnswer {
  @ApiProperty({ enum: [true] }) success: true;
  @ApiProperty() result_id: number;
  @ApiProperty({ type: Number, nullable: true }) schema_id: number | null;
  @ApiProperty() execution_id: string;
  @ApiProperty() squid_id: string;
  @ApiProperty() valid: boolean;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'The catalog schema check: true, false (see schema_warnings) or null when not checked.',
  })
  schema_ok: boolean | null;
  @ApiProperty({ type: [SchemaWarningResponse] }) schema_warnings: SchemaWarningResponse[];
  @ApiProperty({
    type: [String],
    description: 'Sentences about the catalog link: a version it does not know, a check or record not made.',
  })
  catalog_notes: string[];
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "The catalog's id of the simulation version, when it knows it.",
  })
  simulation_id: number | null;
}

/** What POST /register and /register/upload answer when the run was registered at once. */
export class RegisterAnswer extends RegisterDirectAnswer {
  @ApiProperty({ type: String, nullable: true }) run_file: string | null;
  @ApiProperty({ type: String, nullable: true }) checksum: string | null;
}

/** A registration left to a job: 202, and where to follow it. */
export class QueuedAnswer {
  @ApiProperty({ enum: [true] }) success: true;
  @ApiProperty({ enum: ['queued'] }) status: 'queued';
  @ApiProperty() job_id: string;
  @ApiProperty() status_url: string;
  @ApiPropertyOptional({ description: 'How many run files a batch holds.' }) total?: number;
}

/** How far a batch is: run files done, of which registered and failed. */
export class BatchProgressResponse {
  @ApiProperty() done: number;
  @ApiProperty() total: number;
  @ApiProperty() registered: number;
  @ApiProperty() failed: number;
}

export class BatchFailureResponse {
  @ApiProperty() path: string;
  @ApiProperty() error: string;
  @ApiProperty() status_code: number;
}

/** A completed batch's result: the counts, and the first failures. */
export class BatchResultResponse extends BatchProgressResponse {
  @ApiProperty({ type: [BatchFailureResponse], description: 'The first failures (all are counted).' })
  failures: BatchFailureResponse[];
}

/** GET /jobs/{id}: a registration job's state. */
@ApiExtraModels(BatchProgressResponse, BatchResultResponse, RegisterAnswer)
export class RegistrationJobResponse {
  @ApiProperty() job_id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: JOB_STATES }) state: JobState;
  @ApiProperty({
    description: 'A batch: {done, total, registered, failed}; a single file: a number.',
    oneOf: [{ type: 'number' }, { $ref: getSchemaPath(BatchProgressResponse) }],
  })
  progress: number | BatchProgressResponse;
  @ApiProperty({
    description: "The job's answer once completed: POST /register's for a file, the counts for a batch.",
    nullable: true,
    oneOf: [{ $ref: getSchemaPath(RegisterAnswer) }, { $ref: getSchemaPath(BatchResultResponse) }],
  })
  result: RegisterAnswer | BatchResultResponse | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}
