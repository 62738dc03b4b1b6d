import {
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { HealthService } from '@simvault/core';
import type { DataSource } from 'typeorm';
import { backendOf, DatabaseOptions, openDatabase } from './data-source';

export interface DatabaseModuleOptions extends DatabaseOptions {
  /** Which database this is (its injection token is `dataSourceToken(name)`). */
  name: string;
  runMigrations: boolean;
  /** Report this database under `backend` in GET /health (the app's own database does). */
  reportBackend?: boolean;
}

export const dataSourceToken = (name: string) => `simvault:datasource:${name}`;

/** Injects the DataSource registered under `name` by DatabaseModule.forRoot. */
export const InjectDataSource = (name: string) => Inject(dataSourceToken(name));

@Injectable()
class DatabaseLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: DatabaseModuleOptions,
    private readonly health: HealthService,
  ) {}

  onModuleInit() {
    const backend = backendOf(this.dataSource);
    this.health.register(`database:${this.options.name}`, async () => {
      await this.dataSource.query('SELECT 1');
      return this.options.reportBackend ? { backend: backend === 'postgres' ? 'postgresql' : 'sqlite' } : {};
    });
  }

  async onApplicationShutdown() {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    const token = dataSourceToken(options.name);
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        { provide: token, useFactory: () => openDatabase(options) },
        {
          provide: `${token}:lifecycle`,
          useFactory: (ds: DataSource, health: HealthService) => new DatabaseLifecycle(ds, options, health),
          inject: [token, HealthService],
        },
      ],
      exports: [token],
    };
  }
}
