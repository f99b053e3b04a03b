import { IntegrationEvent } from './events';

/** Records the events a change produces; the repository writes them to the outbox with the change. */
export abstract class AggregateRoot {
  private pending: IntegrationEvent[] = [];

  protected record(event: IntegrationEvent): void {
    this.pending.push(event);
  }

  pullEvents(): IntegrationEvent[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }
}
