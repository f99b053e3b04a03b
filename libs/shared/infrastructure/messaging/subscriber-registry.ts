import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { IntegrationEventHandler, SUBSCRIBER_METADATA, SubscriberOptions } from './subscriber';

export interface RegisteredSubscriber extends SubscriberOptions {
  handler: IntegrationEventHandler;
}

/** Finds every @IntegrationEventSubscriber provider in the process. */
@Injectable()
export class SubscriberRegistry implements OnModuleInit {
  private readonly byName = new Map<string, RegisteredSubscriber>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as IntegrationEventHandler | undefined;
      if (!instance || !wrapper.metatype) continue;
      const options = this.reflector.get<SubscriberOptions | undefined>(SUBSCRIBER_METADATA, wrapper.metatype as object as never);
      if (!options) continue;
      if (this.byName.has(options.name)) throw new Error(`Two subscribers are named ${options.name}`);
      if (
        options.batch !== undefined &&
        (!Number.isInteger(options.batch) ||
          options.batch < 1 ||
          (typeof instance.handleBatch !== 'function' && typeof instance.handleBatchInSql !== 'function'))
      )
        throw new Error(
          `Subscriber ${options.name} asks for batches of ${options.batch} events but has no handleBatch or handleBatchInSql`,
        );
      this.byName.set(options.name, { ...options, handler: instance });
    }
  }

  get(name: string): RegisteredSubscriber | undefined {
    return this.byName.get(name);
  }

  subscribersOf(eventName: string): RegisteredSubscriber[] {
    return [...this.byName.values()].filter((s) => s.events.includes(eventName));
  }

  /** Events every subscriber of which takes them in batches: the relay leaves their payloads in the outbox. */
  batchOnlyEvents(): string[] {
    const names = new Set(this.all().flatMap((s) => s.events));
    return [...names].filter((name) => this.subscribersOf(name).every((s) => s.batch));
  }

  all(): RegisteredSubscriber[] {
    return [...this.byName.values()];
  }
}
