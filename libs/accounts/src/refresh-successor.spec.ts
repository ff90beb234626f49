import { openSuccessor, sealSuccessor } from './refresh-successor';

describe('the sealed successor of a rotated refresh token', () => {
  const replaced = 'the-refresh-token-that-was-rotated';
  const successor = 'the-refresh-token-that-replaced-it';

  it('opens with the replaced token only', () => {
    const sealed = sealSuccessor(replaced, successor);
    expect(sealed).not.toContain(successor);
    expect(openSuccessor(replaced, sealed)).toBe(successor);
    expect(openSuccessor(`${replaced}x`, sealed)).toBeNull();
  });

  it('is sealed afresh each time, and a changed seal does not open', () => {
    const [a, b] = [sealSuccessor(replaced, successor), sealSuccessor(replaced, successor)];
    expect(a).not.toBe(b);
    const tampered = Buffer.from(a, 'base64url');
    tampered[tampered.length - 1] ^= 1;
    expect(openSuccessor(replaced, tampered.toString('base64url'))).toBeNull();
    expect(openSuccessor(replaced, 'short')).toBeNull();
  });
});
