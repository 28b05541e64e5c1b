import { randomBytes } from 'node:crypto';
import { ApplicationFailure, type Payload } from '@temporalio/common';
import {
  decodeOptionalFailureToOptionalError,
  encodeErrorToFailure,
  encodeMapToPayloads,
  encodeToPayload,
  loadDataConverter,
} from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';
import { ConfigError } from '../../src/config';
import { dataConverter } from '../../src/security/data-converter';

const phone = '+8613812345678';
const converter = loadDataConverter(
  dataConverter({ activeKeyId: 'a', keys: new Map([['a', randomBytes(32)]]) }),
);
const payloadBytes = (payload: Payload) => Buffer.from(temporal.api.common.v1.Payload.encode(payload).finish());

test('without a keyring there is no data converter, and the error names the variables', () => {
  expect(() => dataConverter(undefined)).toThrow(ConfigError);
  expect(() => dataConverter(undefined)).toThrow(/ARREARS_CODEC_KEYS and ARREARS_CODEC_ACTIVE_KEY/);
});

test('a failure carries its message and stack trace only encrypted', async () => {
  const error = ApplicationFailure.create({
    message: `SMS rejected: ${phone} is not reachable for 张三`,
    type: 'InvalidPhoneNumber',
    nonRetryable: true,
  });
  const failure = await encodeErrorToFailure(converter, error);
  const bytes = Buffer.from(temporal.api.failure.v1.Failure.encode(failure).finish());

  expect(bytes.includes(Buffer.from('13812345678'))).toBe(false);
  expect(bytes.includes(Buffer.from('张三'))).toBe(false);
  expect(bytes.includes(Buffer.from('data-converter.test'))).toBe(false); // a stack frame
  expect(failure.message).toBe('Encoded failure');
  expect(failure.stackTrace).toBe('');

  const decoded = await decodeOptionalFailureToOptionalError(converter, failure);
  expect(decoded?.message).toBe(error.message);
  expect(decoded?.stack).toContain('data-converter.test');
});

test('values and memo fields leave the converter encrypted', async () => {
  const value = await encodeToPayload(converter, { name: '张三', phone });
  const memo = await encodeMapToPayloads(converter, { contact: phone });
  for (const payload of [value, memo.contact]) {
    expect(payloadBytes(payload).includes(Buffer.from('13812345678'))).toBe(false);
    expect(Buffer.from(payload.metadata!.encoding!).toString()).toBe('binary/encrypted');
  }
});
