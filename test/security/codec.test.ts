import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { loadConfig, type CodecKeyring } from '../../src/config';
import {
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  METADATA_KEY_ID,
  PayloadDecryptionError,
  UnknownCodecKeyError,
  generateKeyringEnv,
} from '../../src/security/codec';

const debtor = { loanId: 'L-1001', name: 'Zhang San 张三', phone: '+8613812345678', address: '1 Main St' };
const keyA = randomBytes(32);
const keyB = randomBytes(32);
const keyring = (activeKeyId: string, keys: Record<string, Buffer> = { a: keyA, b: keyB }): CodecKeyring => ({
  activeKeyId,
  keys: new Map(Object.entries(keys)),
});
const toPayload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString();

test('a payload round-trips to the same value and metadata', async () => {
  const codec = new EncryptionCodec(keyring('a'));
  const original = toPayload(debtor);
  const [encoded] = await codec.encode([original]);
  const [decoded] = await codec.decode([encoded]);
  expect(text(decoded.metadata?.encoding)).toBe('json/plain');
  expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(debtor);
});

test('the encrypted payload holds no plaintext bytes of the name, phone or original encoding', async () => {
  const [encoded] = await new EncryptionCodec(keyring('a')).encode([toPayload(debtor)]);
  const bytes = Buffer.concat([...Object.values(encoded.metadata ?? {}), encoded.data ?? new Uint8Array()]);
  for (const plaintext of ['13812345678', 'Zhang San', '张三', '1 Main St', 'json/plain']) {
    expect(bytes.includes(Buffer.from(plaintext))).toBe(false);
  }
  expect(text(encoded.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
  expect(text(encoded.metadata?.[METADATA_KEY_ID])).toBe('a');
});

test('each encoding uses a fresh IV, so equal payloads encrypt differently', async () => {
  const codec = new EncryptionCodec(keyring('a'));
  const [first, second] = await codec.encode([toPayload(debtor), toPayload(debtor)]);
  expect(Buffer.from(first.data!).subarray(0, 12).equals(Buffer.from(second.data!).subarray(0, 12))).toBe(false);
  expect(Buffer.from(first.data!).equals(Buffer.from(second.data!))).toBe(false);
});

test('after rotation, new payloads use the new key and old ones still decrypt with theirs', async () => {
  const [underA] = await new EncryptionCodec(keyring('a')).encode([toPayload('before rotation')]);
  const rotated = new EncryptionCodec(keyring('b'));
  const [underB] = await rotated.encode([toPayload('after rotation')]);
  expect(text(underB.metadata?.[METADATA_KEY_ID])).toBe('b');
  const decoded = await rotated.decode([underA, underB]);
  expect(decoded.map((payload) => defaultPayloadConverter.fromPayload(payload))).toEqual([
    'before rotation',
    'after rotation',
  ]);
});

test('a payload under a key id missing from the keyring fails naming that id', async () => {
  const [underA] = await new EncryptionCodec(keyring('a')).encode([toPayload(debtor)]);
  const withoutA = new EncryptionCodec(keyring('b', { b: keyB }));
  await expect(withoutA.decode([underA])).rejects.toThrow(UnknownCodecKeyError);
  await expect(withoutA.decode([underA])).rejects.toThrow(/"a"/);
});

test('an altered ciphertext does not decrypt', async () => {
  const codec = new EncryptionCodec(keyring('a'));
  const [encoded] = await codec.encode([toPayload(debtor)]);
  const data = Buffer.from(encoded.data!);
  data[20] ^= 0xff;
  await expect(codec.decode([{ ...encoded, data }])).rejects.toThrow(PayloadDecryptionError);
});

test('a key id that now holds a different key does not decrypt', async () => {
  const [encoded] = await new EncryptionCodec(keyring('a')).encode([toPayload(debtor)]);
  const replaced = new EncryptionCodec(keyring('a', { a: keyB }));
  await expect(replaced.decode([encoded])).rejects.toThrow(PayloadDecryptionError);
});

test('payloads that are not encrypted pass through decode untouched', async () => {
  const plain = toPayload({ stage: 'collect' });
  const [decoded] = await new EncryptionCodec(keyring('a')).decode([plain]);
  expect(decoded).toBe(plain);
});

test('generateKeyringEnv produces a keyring loadConfig accepts', async () => {
  const env = generateKeyringEnv('dev1');
  const { codecKeyring } = loadConfig({ NODE_ENV: 'test', ...env });
  expect(codecKeyring?.activeKeyId).toBe('dev1');
  expect(codecKeyring?.keys.get('dev1')).toHaveLength(32);
  const codec = new EncryptionCodec(codecKeyring!);
  const [encoded] = await codec.encode([toPayload(debtor)]);
  expect(defaultPayloadConverter.fromPayload((await codec.decode([encoded]))[0])).toEqual(debtor);
});
