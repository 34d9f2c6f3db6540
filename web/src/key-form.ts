import { h } from "./dom.js";

/**
 * A form asking for an API key (`qw_…`, from `npm run keys -- create`): the
 * console's when the server needs a key for chat, the admin page's for an admin key.
 */
export function keyForm(options: { label: string; hint: string; onSave: (key: string) => void }): HTMLFormElement {
  const input = h("input", { type: "password", name: "api-key", autocomplete: "off", spellcheck: "false", placeholder: "qw_…", required: true, "aria-label": options.label });
  const form = h(
    "form",
    { class: "key-form" },
    h("label", { class: "key-form-label" }, options.label, input),
    h("button", { type: "submit", class: "button-primary" }, "确定"),
    h("p", { class: "key-form-hint" }, options.hint),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (key) options.onSave(key);
  });
  return form;
}
