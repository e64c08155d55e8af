import { AppConfig, ConfigModule } from '@app/config';
import { Clock, errorForLog, requestForLog, RequestLike, SystemClock } from '@app/common';
import { QueueModule } from '@app/queue';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface CoreOptions {
  config: AppConfig;
  databaseUrl: string;
  redisUrl: string;
}

/** What every process needs: validated config, logging, PostgreSQL, the queues and the clock. */
@Global()
@Module({})
export class CoreModule {
  static forRoot({ config, databaseUrl, redisUrl }: CoreOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            genReqId: (req: IncomingMessage) => {
              const given = req.headers['x-request-id'];
              return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
            },
            // Session cookies, passwords and tokens never reach the log.
            redact: {
              paths: [
                'req.headers.cookie',
                'req.headers.authorization',
                'res.headers["set-cookie"]',
                'req.body.password',
                '*.password',
                '*.passwordHash',
              ],
              censor: '[dolt]',
            },
            autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
            // A request line without its query string and with public-link tokens replaced (/u/[dolt]); errors
            // without a driver's parameters or detail (an Argon2 hash, an address). See libs/common log-safety.
            serializers: {
              req: (req: RequestLike) => requestForLog(req),
              err: (err: unknown) => errorForLog(err),
            },
          },
        }),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: databaseUrl,
          autoLoadEntities: true,
          synchronize: false,
          migrationsRun: false,
          extra: { max: 10 },
        }),
        QueueModule.forRoot({ redisUrl, prefix: config.QUEUE_PREFIX }),
      ],
      providers: [{ provide: Clock, useClass: SystemClock }],
      exports: [Clock],
    };
  }
}
