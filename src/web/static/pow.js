// The anonymous portal's cost per submission: find a number whose SHA-256 with the form's challenge
// starts with enough zero bits (about a second), then send. Without this script the server accepts the
// form a minute after it was served instead.
const form = document.querySelector('form[data-pow]');

function zeroBits(bytes) {
  let bits = 0;
  for (const b of bytes) {
    if (b === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(b) - 24;
  }
  return bits;
}

async function solve(challenge) {
  const body = challenge.split('.')[0].replace(/-/g, '+').replace(/_/g, '/');
  const difficulty = JSON.parse(atob(body)).d;
  const encoder = new TextEncoder();
  for (let i = 0; ; i++) {
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(`${challenge}:${i}`)));
    if (zeroBits(hash) >= difficulty) return String(i);
  }
}

if (form && globalThis.crypto?.subtle) {
  const status = document.getElementById('pow-status');
  const solution = form.querySelector('input[name=solution]');
  const work = solve(form.querySelector('input[name=challenge]').value).then((s) => (solution.value = s));
  if (status) status.textContent = 'Your report is sent securely when you press Send.';
  form.addEventListener('submit', async (event) => {
    if (solution.value) return;
    event.preventDefault();
    if (status) status.textContent = 'Preparing your report…';
    await work;
    form.submit();
  });
}
