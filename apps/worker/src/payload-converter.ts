import { DefaultPayloadConverter, type Payload, type PayloadConverter } from '@temporalio/common';

/**
 * What a payload that cannot be decoded turns into: a plain object that no message schema
 * accepts. The handlers then ignore the signal (and log it) or refuse the update in its
 * validator, instead of the decoding error failing every workflow task of the account.
 */
export interface UndecodablePayload {
  undecodablePayload: string;
}

/**
 * Temporal's default converter, except that a payload it cannot read (an encoding it does not
 * know, such as another SDK's `json/protobuf`, or bytes that are not JSON) decodes to an
 * UndecodablePayload rather than throwing. Encoding is unchanged.
 */
class LenientPayloadConverter implements PayloadConverter {
  readonly #inner = new DefaultPayloadConverter();

  toPayload<T>(value: T): Payload {
    return this.#inner.toPayload(value);
  }

  fromPayload<T>(payload: Payload): T {
    try {
      return this.#inner.fromPayload<T>(payload);
    } catch (error) {
      const undecodable: UndecodablePayload = { undecodablePayload: error instanceof Error ? error.message : String(error) };
      return undecodable as T;
    }
  }
}

/** Loaded by the worker and bundled into the workflow sandbox through `payloadConverterPath`. */
export const payloadConverter = new LenientPayloadConverter();
