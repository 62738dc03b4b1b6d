import { ApiProperty } from '@nestjs/swagger';

/** Readiness: the status, the service's name, and what each dependency's check reported. */
export class HealthResponse {
  @ApiProperty({ enum: ['healthy', 'unhealthy'] }) status: 'healthy' | 'unhealthy';
  @ApiProperty({ example: 'results' }) service: string;
  /** Each registered check adds its own fields (the database backend, the queue); see the app's docs. */
  [detail: string]: unknown;
}

export class LivenessResponse {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}
