// A "Copy link" button for each field marked data-copy-source. Without JavaScript
// the field is still there to select and copy by hand (progressive enhancement).
for (const field of document.querySelectorAll("[data-copy-source]")) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary app-copy-button";
  button.textContent = "Copy link";

  const status = document.createElement("p");
  status.className = "govuk-body-s";
  status.setAttribute("role", "status");

  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      status.textContent = "Link copied.";
    } catch {
      // No clipboard access (an older browser or a page not served over HTTPS).
      field.focus();
      field.select();
      status.textContent = "Press Ctrl and C (or Command and C on a Mac) to copy the selected link.";
    }
  });

  field.after(button, status);
}
