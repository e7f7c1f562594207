import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { OutboxDelivery, type OutboxState } from './outbox-delivery.entity';

export interface EnqueueOptions {
  /** The caller's transaction: the delivery is stored (and later made) only if it commits. */
  manager?: EntityManager;
}

export interface OutboxQuery {
  state?: OutboxState;
  kind?: string;
  offset: number;
  limit: number;
}

/** Stores deliveries for the worker (outbox.worker.ts) and lists them for operators. */
@Injectable()
export class OutboxService {
  constructor(@InjectRepository(OutboxDelivery) private readonly deliveries: Repository<OutboxDelivery>) {}

  /** Queues a delivery of `kind` (a handler must be registered for it); answers its id. */
  async enqueue(kind: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<string> {
    return this.insert(options, { kind, payload });
  }

  /** Stores a delivery already made elsewhere (the development outbox), so operators see it. */
  async recordDelivered(
    kind: string,
    payload: Record<string, unknown>,
    deliveredTo: string,
    options: EnqueueOptions = {},
  ): Promise<string> {
    return this.insert(options, { kind, payload, state: 'delivered', deliveredTo, deliveredAt: new Date() });
  }

  /** Newest first. */
  async list(query: OutboxQuery): Promise<{ items: OutboxDelivery[]; total: number }> {
    const [items, total] = await this.deliveries.findAndCount({
      where: { ...(query.state ? { state: query.state } : {}), ...(query.kind ? { kind: query.kind } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    return { items, total };
  }

  private async insert(options: EnqueueOptions, row: Partial<OutboxDelivery>): Promise<string> {
    const repository = options.manager ? options.manager.getRepository(OutboxDelivery) : this.deliveries;
    return (await repository.save(repository.create(row))).id;
  }
}
