// The demo page: every call goes through the public `cognito-edge` entry, against the local
// emulator that `npm run demo` started. __DEMO_CONFIG__ is filled in by demo/serve.mjs.
import { createAuth } from 'cognito-edge';

/* global __DEMO_CONFIG__ */
const config = __DEMO_CONFIG__;
const auth = createAuth({ userPoolId: config.userPoolId, clientId: config.clientId, endpoint: config.endpoint });

const $ = (id) => document.getElementById(id);
const show = (el, on = true) => { el.hidden = !on; };
const errorText = (e) => (e && e.name ? `${e.name}: ${e.message}` : String(e));

function log(text) {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
  $('log').prepend(li);
}
for (const name of ['signedIn', 'signedOut', 'tokensRefreshed', 'refreshFailed', 'sessionExpired', 'storageUnavailable']) {
  auth.on(name, () => log(name));
}

// State: one render function, driven by auth.subscribe (the useSyncExternalStore contract).
function render() {
  const state = auth.getState();
  $('status').textContent = state.status === 'signedIn' ? `signed in as ${state.user?.['cognito:username'] ?? ''}` : state.status;
  show($('session'), state.status === 'signedIn');
  show($('signin'), state.status !== 'signedIn');
  $('claims').textContent = state.user ? JSON.stringify(state.user, null, 2) : '';
  if (state.status === 'signedIn') {
    auth.getTokens().then(
      (t) => { $('expires').textContent = `access token expires ${new Date(t.expiresAt).toLocaleTimeString()}`; },
      (e) => { $('session-error').textContent = errorText(e); },
    );
  }
}
auth.subscribe(render);
render();

// Sign-in: the step machine. Each step gets a small form built for its challenge.
$('signin-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('signin-error').textContent = '';
  try {
    const step = await auth.signIn({ username: $('username').value, password: $('password').value, flow: $('flow').value });
    handle(step);
  } catch (e) {
    $('signin-error').textContent = errorText(e);
  }
});

function handle(step) {
  const box = $('step');
  box.replaceChildren();
  if (step.signedIn) {
    show(box, false);
    show($('signin-form'));
    return;
  }
  show($('signin-form'), false);
  show(box);
  const title = document.createElement('h2');
  title.textContent = `Challenge: ${step.challenge}`;
  box.append(title);
  const answer = async (fn) => {
    $('signin-error').textContent = '';
    try { handle(await fn()); } catch (e) { $('signin-error').textContent = errorText(e); }
  };
  const field = (label, type = 'text') => {
    const l = document.createElement('label'); l.textContent = label;
    const i = document.createElement('input'); i.type = type;
    box.append(l, i);
    return i;
  };
  const button = (text, fn) => {
    const b = document.createElement('button'); b.type = 'button'; b.textContent = text;
    b.addEventListener('click', () => answer(fn));
    box.append(b);
  };
  switch (step.challenge) {
    case 'NEW_PASSWORD_REQUIRED': {
      const pw = field('New password', 'password');
      const attrs = Object.fromEntries(step.requiredAttributes.map((a) => [a, field(a)]));
      button('Set password', () => step.respond({
        newPassword: pw.value,
        attributes: Object.fromEntries(Object.entries(attrs).map(([k, i]) => [k, i.value])),
      }));
      break;
    }
    case 'SELECT_MFA_TYPE':
      for (const t of step.options) button(t, () => step.select(t));
      break;
    case 'SELECT_CHALLENGE':
      for (const c of step.available) button(c, () => step.select(c, $('password').value));
      break;
    case 'MFA_SETUP': {
      if (step.options.includes('SOFTWARE_TOKEN_MFA')) {
        const pre = document.createElement('pre');
        const code = field('Code from your authenticator app');
        button('Show TOTP secret', async () => {
          const { uri } = await step.associateTotp({ issuer: 'cognito-edge demo' });
          pre.textContent = uri;
          return step;
        });
        box.append(pre);
        button('Verify', () => step.verifyTotp(code.value, { friendlyName: 'demo authenticator' }));
      }
      if (step.options.includes('EMAIL_OTP')) {
        const email = field('E-mail for codes', 'email');
        button('Use e-mail codes', () => step.setUpEmail(email.value));
      }
      break;
    }
    default: {
      const where = step.codeDelivery?.destination ? ` (sent to ${step.codeDelivery.destination})` : '';
      const input = field(`Answer${where}`, /PASSWORD/.test(step.challenge) ? 'password' : 'text');
      button('Continue', () => step.respond(input.value));
    }
  }
}

// Signed-in actions.
const act = (id, fn) => $(id).addEventListener('click', async () => {
  $('session-error').textContent = '';
  try { await fn(); } catch (e) { $('session-error').textContent = errorText(e); }
});
act('refresh', async () => { await auth.getTokens({ forceRefresh: true }); render(); });
act('remember', async () => { await auth.rememberDevice(); log('device remembered'); });
act('devices', async () => {
  show($('device-list'));
  $('device-list').textContent = JSON.stringify(await auth.listDevices(), null, 2);
});
act('signout', () => auth.signOut());
act('signout-global', () => auth.signOut({ global: true }));
act('totp', async () => {
  const { uri } = await auth.setUpTotp({ issuer: 'cognito-edge demo' });
  $('totp-uri').textContent = uri;
  show($('totp-setup'));
});
act('totp-verify', async () => {
  await auth.verifyTotp($('totp-code').value, { friendlyName: 'demo authenticator' });
  await auth.setMfaPreference({ totp: 'preferred' });
  show($('totp-setup'), false);
  log('TOTP enabled: the next sign-in asks for a code');
});

// Sign-up with the code from the outbox.
$('signup-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('signup-error').textContent = '';
  try {
    const r = await auth.signUp({
      username: $('su-username').value,
      password: $('su-password').value,
      attributes: { email: $('su-email').value },
    });
    log(`signed up (${r.userConfirmed ? 'confirmed' : 'code sent'})`);
    show($('confirm-form'), !r.userConfirmed);
  } catch (e) {
    $('signup-error').textContent = errorText(e);
  }
});
$('confirm-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  try {
    await auth.confirmSignUp({ username: $('su-username').value, code: $('su-code').value });
    log('sign-up confirmed: you can sign in');
    show($('confirm-form'), false);
    $('username').value = $('su-username').value;
  } catch (e) {
    $('signup-error').textContent = errorText(e);
  }
});

// The emulator's outbox: where codes would have been e-mailed or texted.
async function pollOutbox() {
  try {
    const r = await fetch(`${config.endpoint}/_emulator/outbox`);
    const { messages } = await r.json();
    $('outbox').replaceChildren(...messages.slice(-8).reverse().map((m) => {
      const li = document.createElement('li');
      li.textContent = `${m.username} · ${m.purpose ?? ''} · ${m.code ?? m.message}`;
      return li;
    }));
  } catch { /* the emulator is restarting; try again on the next tick */ }
}
setInterval(pollOutbox, 2000);
pollOutbox();
