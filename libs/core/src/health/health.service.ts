import { Injectable } from '@nestjs/common';

export type HealthCheck = () => Promise<Record<string, unknown>>;

/** Modules register what "healthy" means for them (a database answers, a queue connects). */
@Injectable()
export class HealthService {
  private readonly checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async check(): Promise<{ healthy: boolean; details: Record<string, unknown> }> {
    const details: Record<string, unknown> = {};
    let healthy = true;
    await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        try {
          Object.assign(details, await check());
        } catch (error) {
          healthy = false;
          details[name] = `unhealthy: ${error instanceof Error ? error.message : String(error)}`;
        }
      }),
    );
    return { healthy, details };
  }
}
