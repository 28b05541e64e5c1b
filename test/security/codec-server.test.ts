import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { SESSION_COOKIE, signDevToken } from '../../src/security/auth';
import { EncryptionCodec } from '../../src/security/codec';
import { createCodecServer } from '../../src/security/codec-server';
import { createLogger } from '../../src/logger';

const uiOrigin = 'http://127.0.0.1:8233';
const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  ARREARS_CODEC_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  ARREARS_CODEC_ACTIVE_KEY: 'k1',
  JWT_SECRET: randomBytes(32).toString('base64'),
  TEMPORAL_UI_ORIGIN: uiOrigin,
});
const app = createCodecServer(config, createLogger(config));
const codec = new EncryptionCodec(config.codecKeyring!);
const debtor = { name: '张三', phone: '+8613812345678' };

const toJson = ({ metadata, data }: Payload) => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(data ?? []).toString('base64'),
});
const fromJson = ({ metadata, data }: ReturnType<typeof toJson>): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(data, 'base64'),
});
const tokenFor = (...roles: Parameters<typeof signDevToken>[1]['roles']) =>
  signDevToken(config, { sub: 'someone', roles });
async function encryptedBody() {
  return { payloads: (await codec.encode([defaultPayloadConverter.toPayload(debtor)])).map(toJson) };
}

test('decode without a token is 401', async () => {
  const response = await request(app).post('/decode').send(await encryptedBody());
  expect(response.status).toBe(401);
  expect(response.body.error.code).toBe('UNAUTHENTICATED');
});

test('an agent may not decode: 403', async () => {
  const response = await request(app)
    .post('/decode')
    .set('Authorization', `Bearer ${await tokenFor('agent', 'supervisor')}`)
    .send(await encryptedBody());
  expect(response.status).toBe(403);
  expect(response.body.error.code).toBe('FORBIDDEN');
});

test('an auditor decodes payloads back to the original value', async () => {
  const response = await request(app)
    .post('/decode')
    .set('Authorization', `Bearer ${await tokenFor('auditor')}`)
    .set('X-Namespace', 'default')
    .send(await encryptedBody());
  expect(response.status).toBe(200);
  expect(defaultPayloadConverter.fromPayload(fromJson(response.body.payloads[0]))).toEqual(debtor);
});

test('encode then decode round-trips through the server for an admin', async () => {
  const authorization = `Bearer ${await tokenFor('admin')}`;
  const plain = { payloads: [toJson(defaultPayloadConverter.toPayload(debtor))] };
  const encoded = await request(app).post('/encode').set('Authorization', authorization).send(plain);
  expect(encoded.status).toBe(200);
  expect(Buffer.from(encoded.body.payloads[0].data, 'base64').includes(Buffer.from('13812345678'))).toBe(false);
  const decoded = await request(app).post('/decode').set('Authorization', authorization).send(encoded.body);
  expect(decoded.body).toEqual(plain);
});

test('a payload under an unknown key id is 422 naming the id', async () => {
  const foreign = new EncryptionCodec({ activeKeyId: 'k0', keys: new Map([['k0', randomBytes(32)]]) });
  const body = { payloads: (await foreign.encode([defaultPayloadConverter.toPayload(debtor)])).map(toJson) };
  const response = await request(app)
    .post('/decode')
    .set('Authorization', `Bearer ${await tokenFor('auditor')}`)
    .send(body);
  expect(response.status).toBe(422);
  expect(response.body.error.message).toContain('"k0"');
});

test('a body that is not a payload list is 400', async () => {
  const response = await request(app)
    .post('/decode')
    .set('Authorization', `Bearer ${await tokenFor('auditor')}`)
    .send({ payloads: [{ data: 42 }] });
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('INVALID_PAYLOADS');
});

test('the CORS preflight from the Temporal UI origin allows credentials and the UI headers', async () => {
  const response = await request(app)
    .options('/decode')
    .set('Origin', uiOrigin)
    .set('Access-Control-Request-Method', 'POST')
    .set('Access-Control-Request-Headers', 'authorization,content-type,x-namespace');
  expect(response.status).toBe(204);
  expect(response.headers['access-control-allow-origin']).toBe(uiOrigin);
  expect(response.headers['access-control-allow-credentials']).toBe('true');
  const allowed = response.headers['access-control-allow-headers'].toLowerCase().split(',');
  expect(allowed).toEqual(expect.arrayContaining(['x-namespace', 'authorization', 'content-type']));
});

test('another origin gets no CORS grant', async () => {
  const response = await request(app)
    .options('/decode')
    .set('Origin', 'http://evil.example')
    .set('Access-Control-Request-Method', 'POST');
  expect(response.headers['access-control-allow-origin']).not.toBe('http://evil.example');
});

describe("the console's session cookie, which the Temporal UI sends when it includes credentials", () => {
  const withCookie = async (origin: string, ...roles: Parameters<typeof tokenFor>) =>
    request(app)
      .post('/decode')
      .set('Origin', origin)
      .set('Cookie', `${SESSION_COOKIE}=${await tokenFor(...roles)}`)
      .set('X-Namespace', 'default')
      .send(await encryptedBody());

  test("an auditor's cookie from the UI's origin decodes, and the answer is the UI's to read with credentials", async () => {
    const response = await withCookie(uiOrigin, 'auditor');
    expect(response.status).toBe(200);
    expect(defaultPayloadConverter.fromPayload(fromJson(response.body.payloads[0]))).toEqual(debtor);
    expect(response.headers['access-control-allow-origin']).toBe(uiOrigin);
    expect(response.headers['access-control-allow-credentials']).toBe('true');
  });

  test("an agent's cookie from the UI's origin is 403", async () => {
    const response = await withCookie(uiOrigin, 'agent', 'supervisor');
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
  });

  test("an auditor's cookie from a page of another origin (CSRF) is 403", async () => {
    const response = await withCookie('http://127.0.0.1:9999', 'auditor');
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain('x-arrears-console');
  });
});
