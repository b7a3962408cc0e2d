// Data URLs as the simulator, the cache plan and the input-file reader see them: header, data, base64 bytes.
import { describe, expect, it } from 'vitest';
import { base64DataUrlBytes, dataUrlParts } from '../src/util/data-url.js';

describe('data URLs', () => {
  it('splits at the first comma and tells a base64 header in any case', () => {
    expect(dataUrlParts('data:image/png;base64,QUJD')).toEqual({ header: 'data:image/png;base64', data: 'QUJD', base64: true });
    expect(dataUrlParts('DATA:;BASE64,a,b')).toEqual({ header: 'DATA:;BASE64', data: 'a,b', base64: true });
    expect(dataUrlParts('data:text/plain,hello')?.base64).toBe(false);
    expect(dataUrlParts('data:image/png;base64')).toBeNull();
    expect(dataUrlParts('https://example.com/a.png')).toBeNull();
  });

  it('decodes a base64 data URL and nothing else', () => {
    expect(base64DataUrlBytes('data:image/png;base64,QUJD')?.toString()).toBe('ABC');
    expect(base64DataUrlBytes('data:text/plain,ABC')).toBeNull();
    expect(base64DataUrlBytes('data:image/png;charset=x;base64x,QUJD')).toBeNull();
    expect(base64DataUrlBytes('http://host/data:;base64,QUJD')).toBeNull();
  });
});
