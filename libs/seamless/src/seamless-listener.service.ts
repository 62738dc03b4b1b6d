import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  NetworkList,
  SIMVAULT_CONFIG,
  SIMVAULT_LOGGER,
  type Logger,
  type SimvaultConfig,
} from '@simvault/core';
import { SeamlessListener } from './protocol/seamless-listener';
import { SeamlessProtocol } from './protocol/seamless-protocol';
import { ChecksumRecordsService } from './records/checksum-records.service';

/**
 * The wire protocol's own listener inside an app (config.seamless: enabled, port, body limit,
 * writable, write networks), on the app's host, over the same records service as the REST routes.
 * The protocol has no authentication: it is read-only unless configured writable, and then takes
 * writes only from the configured client networks. It stops accepting before the database closes.
 */
@Injectable()
export class SeamlessListenerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private listener?: SeamlessListener;

  constructor(
    private readonly records: ChecksumRecordsService,
    @Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
  ) {}

  /** The port it listens on (undefined when disabled). */
  get port(): number | undefined {
    return this.listener?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const settings = this.config.seamless;
    if (!settings.enabled) return;
    const writers = settings.writable ? NetworkList.parse(settings.writeFrom).list : undefined;
    const listener = new SeamlessListener(new SeamlessProtocol(this.records, settings.writable), {
      host: this.config.host,
      port: settings.port,
      bodyLimitBytes: settings.bodyLimitBytes,
      writers,
      log: this.logger.child({ component: 'seamless-database' }),
    });
    try {
      await listener.listen();
    } catch (error) {
      throw new Error(
        `The seamless-database listener cannot listen on ${this.config.host}:${settings.port} (SIMVAULT_SEAMLESS_PORT): ${(error as Error).message}`,
      );
    }
    this.listener = listener;
    this.logger.info(
      {
        url: `http://${this.config.host}:${listener.port}`,
        writable: settings.writable,
        ...(writers ? { writeFrom: writers.networks } : {}),
      },
      'seamless-database protocol listening',
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.listener?.close();
  }
}
