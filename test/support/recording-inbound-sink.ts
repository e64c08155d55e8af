import { randomUUID } from 'node:crypto';
import { InboundMailSink, InboundOrigin, InboundOutcome } from '@app/tracking';

export interface Recorded {
  raw: Buffer;
  origin: InboundOrigin;
}

/**
 * A stand-in for the inbound handler that records what the transports hand it. `failWhen` makes it throw (as the
 * real one does when nothing could be stored) for the messages it matches, until it is cleared.
 */
export class RecordingInboundSink extends InboundMailSink {
  readonly received: Recorded[] = [];
  /** Calls that threw, for counting. */
  failures = 0;
  failWhen: ((raw: Buffer, origin: InboundOrigin) => boolean) | null = null;

  receive(raw: Buffer, origin: InboundOrigin): Promise<InboundOutcome> {
    if (this.failWhen?.(raw, origin)) {
      this.failures += 1;
      return Promise.reject(new Error('Databasen svarar inte (testets påhitt)'));
    }
    this.received.push({ raw, origin });
    return Promise.resolve({ id: randomUUID(), kind: 'reply', duplicate: false });
  }

  /** Each message's subject line (or its first 40 bytes), in the order received. */
  subjects(): string[] {
    return this.received.map(({ raw }) => {
      const text = raw.toString('latin1');
      return /^Subject: *(.*)$/im.exec(text)?.[1]?.trim() ?? text.slice(0, 40);
    });
  }
}
