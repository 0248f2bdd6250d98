import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Env } from './env.js';

/** The database URL actually in use (the embedded server's when DATABASE_URL is unset). */
export const DATABASE_URL = 'DATABASE_URL';

/** Makes the validated environment injectable as `Env`, and the database URL as DATABASE_URL. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(env: Env, databaseUrl: string): DynamicModule {
    const providers = [
      { provide: Env, useValue: env },
      { provide: DATABASE_URL, useValue: databaseUrl },
    ];
    return { module: ConfigModule, providers, exports: [Env, DATABASE_URL] };
  }
}
