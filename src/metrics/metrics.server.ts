import { createServer, Server } from 'node:http';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MetricsConfig } from '../config/metrics.config';
import { MetricsService } from './metrics.service';

/**
 * With METRICS_PORT set, /metrics is served here and only here: a port the ingress never
 * routes to, so the public port does not reveal traffic figures.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server?: Server;

  constructor(
    private readonly config: AppConfig,
    private readonly settings: MetricsConfig,
    private readonly metrics: MetricsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found\n');
        return;
      }
      this.metrics.scrape().then(
        (body) =>
          res.writeHead(200, { 'content-type': this.metrics.contentType, 'cache-control': 'no-store' }).end(body),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(this.settings.port, this.config.host, () => ok());
    });
    this.server = server;
    this.logger.log(`Serving /metrics on port ${this.settings.port}`);
  }

  /** Scrapes stay possible during the shutdown delay; the port closes with the application. */
  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  }
}
