import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import type { Clock } from '../core/clock';
import { signedInWithEnoughFactors, type Actor } from '../core/identity';

export const LOCAL_AUDIENCE = 'shenbao-local';
const TOKEN_LIFETIME_SECONDS = 8 * 3600;

/**
 * The local identity provider: an RS256 key (kept under DATA_DIR so tokens survive a restart),
 * its JWKS, and tokens carrying the claims a Cognito ID token carries, so the API verifies both
 * the same way.
 */
export class LocalIdentityProvider {
  private constructor(
    private readonly privateKey: CryptoKey,
    readonly publicJwk: JWK,
    readonly issuer: string,
    private readonly clock: Clock,
  ) {}

  static async open(options: { keyFile?: string; issuer: string; clock: Clock }): Promise<LocalIdentityProvider> {
    let pair: { privateJwk: JWK; publicJwk: JWK } | undefined;
    if (options.keyFile) {
      try {
        pair = JSON.parse(readFileSync(options.keyFile, 'utf8'));
      } catch {
        pair = undefined;
      }
    }
    if (!pair) {
      const generated = await generateKeyPair('RS256', { extractable: true });
      pair = { privateJwk: await exportJWK(generated.privateKey), publicJwk: await exportJWK(generated.publicKey) };
      if (options.keyFile) {
        mkdirSync(dirname(options.keyFile), { recursive: true });
        writeFileSync(options.keyFile, JSON.stringify(pair), { mode: 0o600 });
      }
    }
    const privateKey = (await importJWK(pair.privateJwk, 'RS256')) as CryptoKey;
    // The key's thumbprint as its id: a new key is a new kid, so verifiers refetch the JWKS for it.
    const kid = await calculateJwkThumbprint(pair.publicJwk);
    return new LocalIdentityProvider(privateKey, { ...pair.publicJwk, kid, alg: 'RS256', use: 'sig' }, options.issuer, options.clock);
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  async issue(user: Actor): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number }> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const token = await new SignJWT({
      'cognito:groups': [user.role],
      'cognito:username': user.username,
      ...(user.organisationId ? { 'custom:org': user.organisationId } : {}),
      ...(user.districtId ? { 'custom:district': user.districtId } : {}),
      ...(user.displayName ? { name: user.displayName } : {}),
      // No second factor here; the tokens say what the cloud's would after one, for the roles
      // that need it (core/identity.ts), so the API's rule is the same on both.
      amr: signedInWithEnoughFactors(user.role, []) ? ['pwd'] : ['pwd', 'otp', 'mfa'],
      token_use: 'id',
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.publicJwk.kid!, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(LOCAL_AUDIENCE)
      .setSubject(user.username)
      .setIssuedAt(now)
      .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
      .sign(this.privateKey);
    return { access_token: token, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS };
  }
}
