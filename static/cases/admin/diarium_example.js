// The diarium's change form in the admin: the example number beside the number
// format follows what the administrator types. The admin view
// (DiariumAdmin.example_view) validates the format and writes the example, so
// the rules live in one place (members/numbering.py). No inline script: the
// site's Content-Security-Policy allows scripts from static files only.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const output = document.getElementById("diarium-example");
  const format = document.getElementById("id_number_format");
  if (!output || !format) {
    return;
  }
  const number = output.querySelector(".diarium-example-number");
  const error = output.querySelector(".diarium-example-error");
  const prefix = document.getElementById("id_prefix");
  const firstSerial = document.getElementById("id_first_serial");
  let timer = null;
  let asked = 0;

  async function update() {
    const query = new URLSearchParams({
      number_format: format.value,
      prefix: prefix ? prefix.value : "",
      first_serial: firstSerial ? firstSerial.value : "1",
    });
    const mine = ++asked;
    try {
      const response = await fetch(`${output.dataset.url}?${query}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok || mine !== asked) {
        return;
      }
      const answer = await response.json();
      number.textContent = answer.example;
      error.textContent = answer.error;
      error.hidden = !answer.error;
    } catch {
      // Offline or the session ended: the example stays as it was.
    }
  }

  // Once at load too: after a refused save the fields hold what was typed, and
  // the example says what is wrong with it beside the form's own message.
  update();
  for (const field of [format, prefix, firstSerial]) {
    if (field) {
      field.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(update, 250);
      });
    }
  }
});
