// Security keys (WebAuthn) on the second-factor page: registration or authentication, then on to the home page.
(function () {
  const result = document.getElementById('passkey-result');
  if (!result) { return; }
  async function passkey(kind) {
    const headers = {'content-type': 'application/json', 'accept': 'application/json'};
    if (result.dataset.csrfHeader) { headers[result.dataset.csrfHeader] = result.dataset.csrfToken; }
    const options = await (await fetch('/auth/mfa/webauthn/' + kind + '-options', {method: 'POST', headers})).json();
    let credential;
    if (kind === 'registration') {
      credential = await navigator.credentials.create({publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options)});
    } else {
      credential = await navigator.credentials.get({publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options)});
    }
    const path = kind === 'registration' ? 'register' : 'authenticate';
    const answer = await fetch('/auth/mfa/webauthn/' + path, {method: 'POST', headers, body: JSON.stringify(credential.toJSON())});
    const body = await answer.json();
    if (!answer.ok) { result.textContent = body.error.message; return; }
    if (body.recovery_codes && body.recovery_codes.length > 0) {
      // the first factor's recovery codes are shown this once, as after enrolling an authenticator app
      result.textContent = 'Store these recovery codes somewhere safe; each works once when you have no device:';
      const codes = document.getElementById('recovery-codes');
      codes.textContent = body.recovery_codes.join('\n');
      codes.hidden = false;
      document.getElementById('passkey-continue').hidden = false;
      return;
    }
    window.location = result.dataset.home;
  }
  document.querySelectorAll('[data-passkey]').forEach(function (button) {
    button.addEventListener('click', function () {
      passkey(button.dataset.passkey).catch(function (e) { result.textContent = e.message; });
    });
  });
})();
