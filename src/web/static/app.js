// probity's only script: marks the page as having JavaScript, then starts GOV.UK Frontend's components.
// Pages work without it. It is an external module so that the Content-Security-Policy can forbid inline script.
import { initAll } from '/assets/govuk-frontend.min.js';

document.body.classList.add('js-enabled');
if ('noModule' in HTMLScriptElement.prototype) document.body.classList.add('govuk-frontend-supported');
initAll();
