/** Sign-in over OpenID Connect (authorisation code flow with PKCE, state and nonce). */
import type { FastifyPluginAsync } from 'fastify';
import * as oidc from 'openid-client';
import {
  claimValues,
  roleFromClaims,
  usernameFromClaims,
  UserError,
  type RoleMapping,
} from '../../access/index.ts';
import type { Services } from '../services.ts';
import { HttpError } from '../errors.ts';
import { safeReturnTo, startSession } from '../sign-in/routes.ts';

export interface SsoOptions {
  services: Services;
  sso: {
    /** The sign-in button's label: "Sign in with …". */
    label: string;
    config: oidc.Configuration;
    redirectUri: string;
    mapping: RoleMapping;
  };
}

export const ssoRoutes: FastifyPluginAsync<SsoOptions> = async (
  app,
  { services: { access, audit, estate }, sso },
) => {
  app.get<{ Querystring: { returnTo?: string } }>(
    '/sign-in/sso',
    { config: { access: 'public' } },
    async (req, reply) => {
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      // The one session a visitor gets before signing in: they asked to sign in, and the flow needs it.
      req.session.oidc = { state, nonce, codeVerifier, returnTo: safeReturnTo(req.query.returnTo) };
      const url = oidc.buildAuthorizationUrl(sso.config, {
        redirect_uri: sso.redirectUri,
        scope: `openid profile email`,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return reply.redirect(url.href, 303);
    },
  );

  app.get('/sign-in/sso/callback', { config: { access: 'public' } }, async (req, reply) => {
    const pending = req.session.oidc;
    if (!pending) throw new HttpError(400, 'no single sign-on in progress');
    delete req.session.oidc;
    const refuse = async (reason: string) => {
      await audit.appendAudit({
        actor: 'anonymous',
        action: 'sign-in.failed',
        details: { ip: req.ip, method: 'sso', reason },
      });
      return reply
        .code(403)
        .page('error.njk', { status: 403, title: 'Single sign-on did not sign you in', sso: reason });
    };
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(sso.config, new URL(req.url, sso.redirectUri), {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
      });
      claims = { ...(tokens.claims() ?? {}) };
      // Providers may put roles in the userinfo response rather than the ID token.
      if (!(sso.mapping.claim in claims) && tokens.access_token) {
        Object.assign(
          claims,
          await oidc.fetchUserInfo(sso.config, tokens.access_token, String(claims.sub)),
          claims,
        );
      }
    } catch (err) {
      req.log.warn({ err }, 'single sign-on failed');
      return refuse('the identity provider’s answer could not be checked');
    }
    const role = roleFromClaims(claims, sso.mapping);
    if (!role) return refuse('your account has no probity role');
    const units = claimValues(claims, sso.mapping.unitsClaim);
    const rows = await estate.establishmentKinds(units);
    const establishments =
      role === 'security_analyst' ? rows.filter((r) => r.kind !== 'probation_region').map((r) => r.code) : [];
    const regions =
      role === 'probation_manager'
        ? rows.filter((r) => r.kind === 'probation_region').map((r) => r.code)
        : [];
    if (role === 'security_analyst' && establishments.length === 0)
      return refuse('no establishment is given for your role');
    if (role === 'probation_manager' && regions.length === 0)
      return refuse('no probation region is given for your role');
    let user;
    try {
      user = await access.upsertSsoUser({
        issuer: sso.config.serverMetadata().issuer,
        subject: String(claims.sub),
        username: usernameFromClaims(claims),
        displayName: typeof claims.name === 'string' ? claims.name : usernameFromClaims(claims),
        role,
        establishments,
        regions,
      });
    } catch (err) {
      if (err instanceof UserError) return refuse(err.message);
      throw err;
    }
    if (user.disabled) return refuse('your probity account is disabled');
    await access.recordSignIn(user, { ip: req.ip, method: 'sso' });
    return reply.redirect(await startSession(req, user, pending.returnTo), 303);
  });
};
