// Initialise GOV.UK Frontend 6.3.0 components (loaded with <script type="module">).
//
// The template's inline snippet that adds these body classes is blocked by our
// CSP unless it gets a nonce or hash, and initAll() does nothing without
// `govuk-frontend-supported`. Any browser running this module supports ES
// modules, so add the classes here too (classList.add skips duplicates).
import { initAll } from "/static/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
// A second click within a second of the first does not send a form again (the
// server also keeps a repeated form to one record, for when scripts are off).
initAll({ button: { preventDoubleClick: true } });

// "Print" buttons (scripts are not allowed inline by the CSP).
document.querySelectorAll("[data-app-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
