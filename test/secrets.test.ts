// The redactor: which names and values are secrets, and how they are masked in text and saved values.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactHeaders, redactJson, redactor } from '../src/secrets/redactor.js';
import { isSecretName, secretValues } from '../src/secrets/secret-values.js';

describe('isSecretName', () => {
  it('knows credential names word by word, in any case or spelling, and leaves settings alone', () => {
    const secret = ['Authorization', 'Proxy-Authorization', 'X-Api-Key', 'api_key', 'apiKey', 'apikey', 'access_token', 'X-Amz-Signature',
      'X-Amz-Security-Token', 'sig', 'Cookie', 'password', 'client_secret', 'X-Auth-Token', 'Ocp-Apim-Subscription-Key', 'X-Session-Id'];
    const plain = ['max_tokens', 'max_completion_tokens', 'ignore_eos', 'X-Team', 'content-type', 'region', 'model', 'top_k', 'signal'];
    expect(secret.filter((name) => !isSecretName(name))).toEqual([]);
    expect(plain.filter(isSecretName)).toEqual([]);
  });
});

describe('secretValues', () => {
  it('takes secret header values and the credential after a scheme, the API key, nested secret extra inputs and URL secrets, longest first', () => {
    const values = secretValues({
      headers: { Authorization: 'Bearer sk-abc', 'X-Team': 'infra' },
      apiKey: 'sk-key',
      extraInputs: { api_key: 'ek-1', max_tokens: 500, auth: { user: 'u-2', pin: 1234 }, tags: ['public'] },
      urls: ['https://user:p%40ss@host/x?token=t-3&sig=s-4&page=2', 'host:9000/metrics?key=k-5', 'not a url ::'],
    });
    expect([...values].sort()).toEqual(['Bearer sk-abc', 'ek-1', 'k-5', 'p@ss', 's-4', 'sk-abc', 'sk-key', 't-3', 'u-2']);
    expect(values.map((v) => v.length)).toEqual([...values.map((v) => v.length)].sort((a, b) => b - a));
  });
});

describe('redactor', () => {
  const redact = redactor(['Bearer sk-abcdef', 'sk-abcdef', 'pa"ss word', 'abc']);

  it('masks each value wherever it stands, as given, URL-encoded or JSON-escaped', () => {
    expect(redact('got Bearer sk-abcdef and sk-abcdef')).toBe(`got ${REDACTED} and ${REDACTED}`);
    expect(redact('?p=pa%22ss%20word')).toBe(`?p=${REDACTED}`);
    expect(redact(JSON.stringify({ message: 'pa"ss word' }))).toBe(`{"message":"${REDACTED}"}`);
  });

  it('masks a short value only where it stands whole, never inside other text', () => {
    expect(redact('abc')).toBe(REDACTED);
    expect(redact('abcd is fine')).toBe('abcd is fine');
    expect(redactor(['pass'])('--url must not carry a password')).toBe('--url must not carry a password');
  });

  it('masks the credentials and token-like query values of any URL, and nothing else', () => {
    expect(redact('fetch https://alice:s3cret@img.example/a.png?X-Amz-Signature=f00d&X-Amz-Expires=60&w=2 failed'))
      .toBe(`fetch https://${REDACTED}@img.example/a.png?X-Amz-Signature=${REDACTED}&X-Amz-Expires=60&w=2 failed`);
    expect(redact('http://host:8000/metrics?access_token=x1&page=2')).toBe(`http://host:8000/metrics?access_token=${REDACTED}&page=2`);
    const plain = 'data:image/png;base64,iVBORw0KGgo= at http://host:8000/v1/chat/completions a=b max_tokens=5';
    expect(redact(plain)).toBe(plain);
  });

  it('masks every string of a saved value, keeping its shape, keys and other values', () => {
    const saved = { url: 'http://h/m?token=q', extra: { api_key: 'sk-abcdef', max_tokens: 5 }, list: ['Bearer sk-abcdef', 3, null, true] };
    expect(redactJson(saved, redact)).toEqual({
      url: `http://h/m?token=${REDACTED}`, extra: { api_key: REDACTED, max_tokens: 5 }, list: [REDACTED, 3, null, true],
    });
  });

  it('masks secret headers by name, whatever their value', () => {
    expect(redactHeaders({ 'X-Api-Key': 'k', 'X-Team': 'infra' })).toEqual({ 'X-Api-Key': REDACTED, 'X-Team': 'infra' });
  });
});
