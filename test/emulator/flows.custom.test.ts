/**
 * CUSTOM_AUTH scripted by define / create / verify trigger stand-ins (emu.setTriggers), with
 * Cognito's event shapes, with and without an SRP start (CHALLENGE_NAME SRP_A).
 */
import { describe, expect, it } from 'vitest';
import { computePasswordClaim, startSrp } from '../../src/core/srp.js';
import { fixture, PASSWORD, rejection } from './flows-helpers.js';

interface Step {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata?: string;
}

/** A "what is the secret word" challenge, three tries, optionally after the password. */
function triggers(seen: { define: any[]; create: any[]; verify: any[] }, o: { withPassword: boolean }) {
  return {
    defineAuthChallenge: (event: any) => {
      seen.define.push(structuredClone(event));
      const session: Step[] = event.request.session;
      const last = session.at(-1);
      if (o.withPassword && session.length === 1 && last?.challengeName === 'SRP_A') {
        event.response.challengeName = 'PASSWORD_VERIFIER';
      } else if (last?.challengeName === 'PASSWORD_VERIFIER' && !last.challengeResult) {
        event.response.failAuthentication = true;
      } else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) {
        event.response.issueTokens = true;
      } else if (session.filter((s) => s.challengeName === 'CUSTOM_CHALLENGE').length >= 3) {
        event.response.failAuthentication = true;
      } else {
        event.response.challengeName = 'CUSTOM_CHALLENGE';
      }
      return event;
    },
    createAuthChallenge: async (event: any) => {
      seen.create.push(structuredClone(event));
      event.response.publicChallengeParameters = { question: 'secret word?' };
      event.response.privateChallengeParameters = { answer: 'swordfish' };
      event.response.challengeMetadata = `attempt-${event.request.session.length}`;
      return event;
    },
    verifyAuthChallengeResponse: (event: any) => {
      seen.verify.push(structuredClone(event));
      // Mutating the event without returning it works too.
      event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
    },
  };
}

describe('CUSTOM_AUTH', () => {
  it('runs define → create → verify with Cognito\'s event shapes, retrying a wrong answer', async () => {
    const f = await fixture();
    const seen = { define: [] as any[], create: [] as any[], verify: [] as any[] };
    f.emu.setTriggers(f.poolId, triggers(seen, { withPassword: false }));
    const start = await f.sdk.initiateAuth({
      AuthFlow: 'CUSTOM_AUTH',
      ClientId: f.clientId,
      AuthParameters: { USERNAME: 'alice' },
      ClientMetadata: { app: 'test' },
    });
    expect(start.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(start.ChallengeParameters).toEqual({ question: 'secret word?', USERNAME: 'alice' });
    expect(seen.define[0]).toMatchObject({
      version: '1',
      region: 'us-east-1',
      userPoolId: f.poolId,
      userName: 'alice',
      triggerSource: 'DefineAuthChallenge_Authentication',
      callerContext: { clientId: f.clientId },
      request: { session: [], clientMetadata: { app: 'test' }, userNotFound: false, userAttributes: { email: 'alice@example.com' } },
    });
    expect(seen.create[0]).toMatchObject({ triggerSource: 'CreateAuthChallenge_Authentication', request: { challengeName: 'CUSTOM_CHALLENGE' } });

    const wrong = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'CUSTOM_CHALLENGE', ClientId: f.clientId, Session: start.Session, ChallengeResponses: { USERNAME: 'alice', ANSWER: 'tuna' },
    });
    expect(wrong.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(seen.verify[0]).toMatchObject({
      triggerSource: 'VerifyAuthChallengeResponse_Authentication',
      request: { challengeAnswer: 'tuna', privateChallengeParameters: { answer: 'swordfish' } },
    });
    expect(seen.define[1].request.session).toEqual([
      { challengeName: 'CUSTOM_CHALLENGE', challengeResult: false, challengeMetadata: 'attempt-0' },
    ]);
    const done = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'CUSTOM_CHALLENGE', ClientId: f.clientId, Session: wrong.Session, ChallengeResponses: { USERNAME: 'alice', ANSWER: 'swordfish' },
    });
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('fails after the define trigger says so', async () => {
    const f = await fixture();
    const seen = { define: [] as any[], create: [] as any[], verify: [] as any[] };
    f.emu.setTriggers(f.poolId, triggers(seen, { withPassword: false }));
    let step = await f.sdk.initiateAuth({ AuthFlow: 'CUSTOM_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice' } });
    for (let i = 0; i < 2; i++) {
      step = await f.sdk.respondToAuthChallenge({
        ChallengeName: 'CUSTOM_CHALLENGE', ClientId: f.clientId, Session: step.Session, ChallengeResponses: { USERNAME: 'alice', ANSWER: 'no' },
      });
      expect(step.ChallengeName).toBe('CUSTOM_CHALLENGE');
    }
    const err = await rejection(
      f.sdk.respondToAuthChallenge({
        ChallengeName: 'CUSTOM_CHALLENGE', ClientId: f.clientId, Session: step.Session, ChallengeResponses: { USERNAME: 'alice', ANSWER: 'no' },
      }),
    );
    expect(err).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('starts with SRP (CHALLENGE_NAME SRP_A): the password is verified before the custom challenge', async () => {
    for (const [password, expectChallenge] of [
      [PASSWORD, true],
      ['Wrong-passw0rd', false],
    ] as const) {
      const f = await fixture();
      const seen = { define: [] as any[], create: [] as any[], verify: [] as any[] };
      f.emu.setTriggers(f.poolId, triggers(seen, { withPassword: true }));
      const start = startSrp();
      const init = await f.sdk.initiateAuth({
        AuthFlow: 'CUSTOM_AUTH',
        ClientId: f.clientId,
        AuthParameters: { USERNAME: 'alice', CHALLENGE_NAME: 'SRP_A', SRP_A: start.SRP_A },
      });
      expect(init.ChallengeName).toBe('PASSWORD_VERIFIER');
      expect(seen.define[0].request.session).toEqual([{ challengeName: 'SRP_A', challengeResult: true }]);
      const cp = init.ChallengeParameters as { USER_ID_FOR_SRP: string; SRP_B: string; SALT: string; SECRET_BLOCK: string };
      const claim = await computePasswordClaim({ start, userPoolId: f.poolId, password, challengeParameters: cp });
      const answer = f.sdk.respondToAuthChallenge({
        ChallengeName: 'PASSWORD_VERIFIER', ClientId: f.clientId, Session: init.Session, ChallengeResponses: { USERNAME: 'alice', ...claim },
      });
      if (!expectChallenge) {
        expect(await rejection(answer)).toMatchObject({ name: 'NotAuthorizedException' });
        expect(seen.define.at(-1).request.session.at(-1)).toEqual({ challengeName: 'PASSWORD_VERIFIER', challengeResult: false });
        continue;
      }
      const next = await answer;
      expect(next.ChallengeName).toBe('CUSTOM_CHALLENGE');
      expect(seen.define[1].request.session).toEqual([
        { challengeName: 'SRP_A', challengeResult: true },
        { challengeName: 'PASSWORD_VERIFIER', challengeResult: true },
      ]);
      const done = await f.sdk.respondToAuthChallenge({
        ChallengeName: 'CUSTOM_CHALLENGE', ClientId: f.clientId, Session: next.Session, ChallengeResponses: { USERNAME: 'alice', ANSWER: 'swordfish' },
      });
      expect(done.AuthenticationResult).toBeDefined();
    }
  });

  it('answers a clear error when the pool has no define trigger', async () => {
    const f = await fixture();
    const err = await rejection(f.sdk.initiateAuth({ AuthFlow: 'CUSTOM_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice' } }));
    expect(err.name).toBe('InvalidLambdaResponseException');
    expect(err.message).toContain('DefineAuthChallenge');
  });
});
