// Reports activity in the page to the server's idle clock, at most every few seconds, and shares it with the user's
// other tabs through localStorage, so working in one tab keeps the others signed in. Now and then it also pings
// Account/KeepAlive, which slides the sign-in cookie's lifetime along.
const shared = 'omni.lastActive';
const reportEvery = 5_000;
const pingEvery = 60_000;
let reported = 0;
let pinged = Date.now();

export function watch(dotnet) {
  const report = now => {
    if (now - reported < reportEvery) {
      return false;
    }
    reported = now;
    dotnet.invokeMethodAsync('Active');
    if (now - pinged >= pingEvery) {
      pinged = now;
      fetch('Account/KeepAlive', { credentials: 'same-origin', cache: 'no-store' });
    }
    return true;
  };
  const active = () => {
    const now = Date.now();
    if (report(now)) {
      localStorage.setItem(shared, String(now));
    }
  };
  for (const type of ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart']) {
    addEventListener(type, active, { capture: true, passive: true });
  }
  addEventListener('storage', event => {
    if (event.key === shared) {
      report(Date.now());
    }
  });
}

// Submits the page's own sign-out form (with its antiforgery token), saying why.
export function signOut() {
  const form = document.getElementById('omni-sign-out');
  form.elements.reason.value = 'idle';
  form.requestSubmit();
}
