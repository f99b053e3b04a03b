/**
 * An integration event: a fact one context publishes for others. It crosses
 * context boundaries only through the outbox, never the in-memory bus alone.
 */
export interface IntegrationEvent<P extends object = object> {
  /** Fixed names from the API catalogue, e.g. `EmployeeRegistered`. */
  readonly name: string;
  /** The aggregate the fact is about, for ordering and tracing. */
  readonly aggregateId: string;
  readonly payload: P;
  readonly occurredAt: Date;
}

export function integrationEvent<P extends object>(name: string, aggregateId: string, payload: P): IntegrationEvent<P> {
  return { name, aggregateId, payload, occurredAt: new Date() };
}

/** An integration event as a subscriber receives it. */
export interface DeliveredEvent<P extends object = object> {
  readonly id: string;
  readonly name: string;
  readonly aggregateId: string;
  readonly payload: P;
  readonly occurredAt: string;
}
