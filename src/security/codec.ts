// Encrypts every payload arrears hands to Temporal, so debtors' personal data is
// ciphertext in histories, visibility and anywhere the server copies it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { CodecKeyring } from '../config';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A payload names a key id this process does not hold: add that key to ARREARS_CODEC_KEYS. */
export class UnknownCodecKeyError extends Error {
  override name = 'UnknownCodecKeyError';
  constructor(readonly keyId: string) {
    super(`Payload is encrypted with key "${keyId}", which is not in ARREARS_CODEC_KEYS; add it to decrypt`);
  }
}

/** An encrypted payload that cannot be decrypted: no key id, truncated, altered, or the key under its id changed. */
export class PayloadDecryptionError extends Error {
  override name = 'PayloadDecryptionError';
}

function undecryptable(keyId: string): PayloadDecryptionError {
  return new PayloadDecryptionError(
    `Payload encrypted with key "${keyId}" does not decrypt: it was altered, or that key id now holds another key`,
  );
}

/**
 * AES-256-GCM over the whole serialized Payload (metadata included, so even the
 * original encoding is hidden). Data = IV (12 bytes) + ciphertext + tag (16 bytes).
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keyring: CodecKeyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (isEncrypted(payload) ? this.decrypt(payload) : payload));
  }

  private encrypt(payload: Payload): Payload {
    const keyId = this.keyring.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.key(keyId), iv);
    const plaintext = temporal.api.common.v1.Payload.encode(payload).finish();
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
        [METADATA_KEY_ID]: Buffer.from(keyId),
      },
      data: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    const keyIdBytes = payload.metadata?.[METADATA_KEY_ID];
    if (!keyIdBytes) throw new PayloadDecryptionError(`Encrypted payload has no ${METADATA_KEY_ID} metadata`);
    const keyId = Buffer.from(keyIdBytes).toString();
    const data = Buffer.from(payload.data ?? []);
    if (data.length < IV_BYTES + TAG_BYTES) throw undecryptable(keyId);
    const decipher = createDecipheriv(CIPHER, this.key(keyId), data.subarray(0, IV_BYTES));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw undecryptable(keyId);
    }
    return temporal.api.common.v1.Payload.decode(plaintext);
  }

  private key(keyId: string): Buffer {
    const key = this.keyring.keys.get(keyId);
    if (!key) throw new UnknownCodecKeyError(keyId);
    return key;
  }
}

function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  return encoding !== undefined && Buffer.from(encoding).toString() === ENCRYPTED_ENCODING;
}

/**
 * A fresh one-key keyring as the two environment variables, for the embedded
 * mode's start script to persist. The id carries the date, so rotations sort.
 */
export function generateKeyringEnv(keyId = `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`): {
  ARREARS_CODEC_KEYS: string;
  ARREARS_CODEC_ACTIVE_KEY: string;
} {
  return { ARREARS_CODEC_KEYS: `${keyId}:${randomBytes(32).toString('base64')}`, ARREARS_CODEC_ACTIVE_KEY: keyId };
}
