import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import type { ProofReport } from '@apex/contracts';
import { canonicalJson } from './canonical-json';
import { ProofSigner } from './proof-signer';
import { verifySignedReport } from './verify-report';

describe('canonical JSON', () => {
  it('sorts keys at every depth, drops undefined properties and writes no whitespace', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: null }], a: 'é\n', c: undefined, d: true })).toBe('{"a":"é\\n","b":[3,{"a":null,"z":1}],"d":true}');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    // The same value however its keys were written.
    expect(canonicalJson({ x: 1, y: { q: 2, p: 3 } })).toBe(canonicalJson({ y: { p: 3, q: 2 }, x: 1 }));
  });

  it('refuses what JSON cannot say exactly', () => {
    expect(() => canonicalJson({ amount: Number.NaN })).toThrow(RangeError);
    expect(() => canonicalJson({ amount: 1n })).toThrow(TypeError);
  });
});

describe('signing and verifying a proof report', () => {
  const report = { proofId: 'p-1', savings: '118.04', verdict: 'verified', reporting: { days: 14 } } as unknown as ProofReport;
  const key = generateKeyPairSync('ed25519').privateKey;
  const signer = ProofSigner.withKey(key);

  it('signs the SHA-256 of the canonical JSON with Ed25519, naming the key', () => {
    const signed = signer.sign(report);
    expect(signed.sha256).toBe(createHash('sha256').update(canonicalJson(report)).digest('hex'));
    const publicKey = signer.publicKey();
    expect(publicKey).toMatchObject({ algorithm: 'Ed25519', keyId: expect.stringMatching(/^[0-9a-f]{16}$/), pem: expect.stringContaining('BEGIN PUBLIC KEY') });
    expect(signed.keyId).toBe(publicKey.keyId);
    // Anyone with the PEM checks the signature over the 32 digest bytes.
    expect(verify(null, Buffer.from(signed.sha256, 'hex'), publicKey.pem, Buffer.from(signed.signature, 'base64'))).toBe(true);
    expect(verifySignedReport(signed, publicKey)).toEqual({ valid: true, problem: null });
  });

  it('fails a tampered report, a forged signature and another key, saying which', () => {
    const signed = signer.sign(report);
    const publicKey = signer.publicKey();
    expect(verifySignedReport({ ...signed, report: { ...report, savings: '1180.4' } }, publicKey)).toEqual({ valid: false, problem: 'altered' });
    // Recomputing the hash of the altered report does not help: the signature is over the original.
    const altered = { ...report, savings: '1180.4' };
    const rehashed = { ...signed, report: altered, sha256: createHash('sha256').update(canonicalJson(altered)).digest('hex') };
    expect(verifySignedReport(rehashed, publicKey)).toEqual({ valid: false, problem: 'bad_signature' });
    const other = ProofSigner.withKey(generateKeyPairSync('ed25519').privateKey);
    expect(verifySignedReport(other.sign(report), publicKey)).toEqual({ valid: false, problem: 'unknown_key' });
    expect(verifySignedReport({ ...other.sign(report), keyId: publicKey.keyId }, publicKey)).toEqual({ valid: false, problem: 'bad_signature' });
  });

  it('names the missing variable when no key is configured', () => {
    const unsigned = new ProofSigner({ proofs: { signingKey: undefined, reportingDays: 14 } } as never);
    expect(() => unsigned.sign(report)).toThrow('PROOF_SIGNING_KEY is not set');
  });
});
