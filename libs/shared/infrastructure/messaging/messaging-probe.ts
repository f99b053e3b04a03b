import { Injectable } from '@nestjs/common';
import { DeliveredEvent } from '@kompeten/shared/kernel';
import { UnitOfWork } from '../database/unit-of-work';
import { IntegrationEventHandler, IntegrationEventSubscriber } from './subscriber';

export const MESSAGING_PROBE_EVENT = 'MessagingProbe';

export interface MessagingProbePayload {
  probeId: string;
  /** Diagnostics only: hold the handler's transaction open this long, to test a crash mid-handling. */
  holdMs?: number;
}

/**
 * Proves the pipeline end to end (outbox → relay → queue → inbox → handler):
 * each delivery that takes effect adds one to the probe's receipt.
 */
@Injectable()
@IntegrationEventSubscriber({ name: 'messaging.probe', events: [MESSAGING_PROBE_EVENT] })
export class MessagingProbeSubscriber implements IntegrationEventHandler {
  constructor(private readonly uow: UnitOfWork) {}

  async handle(event: DeliveredEvent): Promise<void> {
    const payload = event.payload as MessagingProbePayload;
    await this.uow.query(
      `INSERT INTO messaging.probe_receipt (probe_id, deliveries) VALUES ($1, 1)
       ON CONFLICT (probe_id) DO UPDATE SET deliveries = messaging.probe_receipt.deliveries + 1, last_at = now()`,
      [payload.probeId],
    );
    const hold = Math.min(Math.max(Number(payload.holdMs) || 0, 0), 60_000);
    if (hold) await new Promise((resolve) => setTimeout(resolve, hold));
  }
}
