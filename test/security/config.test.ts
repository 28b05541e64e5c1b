import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

const key = (byte: number, bytes = 32) => Buffer.alloc(bytes, byte).toString('base64');
const load = (env: Record<string, string>) => () => loadConfig({ NODE_ENV: 'test', ...env });

test('a keyring of id:base64 pairs becomes 32-byte keys by id', () => {
  const { codecKeyring } = loadConfig(keyring(`old:${key(1)}, new:${key(2)}`, 'new'));
  expect(codecKeyring?.activeKeyId).toBe('new');
  expect([...(codecKeyring?.keys.keys() ?? [])]).toEqual(['old', 'new']);
  expect(codecKeyring?.keys.get('old')).toEqual(Buffer.alloc(32, 1));
});

test('no keyring at all is left to the processes that need one (see dataConverter)', () => {
  expect(loadConfig({}).codecKeyring).toBeUndefined();
});

const keyring = (keys: string, activeKeyId = 'a') => ({ ARREARS_CODEC_KEYS: keys, ARREARS_CODEC_ACTIVE_KEY: activeKeyId });

test.each([
  ['a key of the wrong length', keyring(`a:${key(1, 16)}`), /ARREARS_CODEC_KEYS: key "a" must be 32 bytes/],
  ['a key that is not base64', keyring('a:not*base64!'), /ARREARS_CODEC_KEYS: key "a" must be 32 bytes/],
  ['an entry without an id', keyring(key(1)), /ARREARS_CODEC_KEYS: entry 1 is not id:base64key/],
  ['a repeated id', keyring(`a:${key(1)},a:${key(2)}`), /ARREARS_CODEC_KEYS: key id "a" appears twice/],
  ['an active id not in the keyring', keyring(`a:${key(1)}`, 'b'), /ARREARS_CODEC_ACTIVE_KEY: "b" is not a key id/],
  ['keys without an active id', { ARREARS_CODEC_KEYS: `a:${key(1)}` }, /ARREARS_CODEC_ACTIVE_KEY: required/],
  ['an active id without keys', { ARREARS_CODEC_ACTIVE_KEY: 'a' }, /ARREARS_CODEC_KEYS: required/],
  ['a short JWT secret', { JWT_SECRET: 'too-short' }, /JWT_SECRET: at least 32 characters/],
  ['a JWKS URL that is not a URL', { JWT_JWKS_URL: 'idp/jwks' }, /JWT_JWKS_URL:/],
])('%s stops start-up naming the variable', (_case, env: Record<string, string>, message) => {
  expect(load(env)).toThrow(ConfigError);
  expect(load(env)).toThrow(message);
});

test('a malformed keyring message never echoes key material', () => {
  const secretish = key(7, 31);
  expect(load(keyring(`a:${secretish}`))).toThrow(
    expect.objectContaining({ message: expect.not.stringContaining(secretish) }),
  );
});

test('the codec server defaults and the UI origin is normalized to an origin', () => {
  expect(loadConfig({}).CODEC_SERVER_PORT).toBe(8888);
  expect(loadConfig({}).TEMPORAL_UI_ORIGIN).toBe('http://127.0.0.1:8233');
  expect(loadConfig({ TEMPORAL_UI_ORIGIN: 'https://temporal.example.com/' }).TEMPORAL_UI_ORIGIN).toBe(
    'https://temporal.example.com',
  );
});

test('the UI origin allowed by the codec server follows a moved UI port', () => {
  expect(loadConfig({ TEMPORAL_UI_PORT: '18233' }).TEMPORAL_UI_ORIGIN).toBe('http://127.0.0.1:18233');
  expect(loadConfig({ TEMPORAL_UI_PORT: '18233', TEMPORAL_UI_ORIGIN: 'https://ui.example' }).TEMPORAL_UI_ORIGIN).toBe('https://ui.example');
});

test('the mode is embedded unless ARREARS_MODE says external', () => {
  expect(loadConfig({}).ARREARS_MODE).toBe('embedded');
  // Addresses alone no longer switch the mode: the embedded stack may run on moved ports.
  expect(loadConfig({ TEMPORAL_ADDRESS: '127.0.0.1:17233', MONGODB_URI: 'mongodb://127.0.0.1:27018/arrears' }).ARREARS_MODE).toBe(
    'embedded',
  );
  const external = { ARREARS_MODE: 'external', TEMPORAL_ADDRESS: 'temporal.internal:7233', MONGODB_URI: 'mongodb://mongo/arrears' };
  expect(loadConfig(external)).toMatchObject(external);
});

test.each([
  ['external without either address', { ARREARS_MODE: 'external' }, /TEMPORAL_ADDRESS: required with ARREARS_MODE=external[\s\S]*MONGODB_URI: required with ARREARS_MODE=external/],
  ['external without MONGODB_URI', { ARREARS_MODE: 'external', TEMPORAL_ADDRESS: 't:7233' }, /^(?![\s\S]*TEMPORAL_ADDRESS)[\s\S]*MONGODB_URI: required with ARREARS_MODE=external/],
  ['an unknown mode', { ARREARS_MODE: 'cloud' }, /ARREARS_MODE:/],
  ['an unknown log format', { LOG_FORMAT: 'xml' }, /LOG_FORMAT:/],
])('%s stops start-up naming the variables', (_case, env: Record<string, string>, message) => {
  expect(load(env)).toThrow(ConfigError);
  expect(load(env)).toThrow(message);
});

test('the data directory is .data in the project unless ARREARS_DATA_DIR moves it', () => {
  const root = path.resolve(__dirname, '../..');
  expect(loadConfig({}).ARREARS_DATA_DIR).toBe(path.join(root, '.data'));
  expect(loadConfig({ ARREARS_DATA_DIR: '/tmp/stack-b' }).ARREARS_DATA_DIR).toBe('/tmp/stack-b');
  expect(loadConfig({ ARREARS_DATA_DIR: '.data-b' }).ARREARS_DATA_DIR).toBe(path.join(root, '.data-b'));
});

test('logs are JSON unless LOG_FORMAT=pretty', () => {
  expect(loadConfig({}).LOG_FORMAT).toBe('json');
  expect(loadConfig({ LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
});
