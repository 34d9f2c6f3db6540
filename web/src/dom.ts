/** Something that can be placed inside an element; falsy values are skipped. */
export type Child = Node | string | number | null | undefined | false;

type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;

/**
 * Creates an element. Text always goes in as text nodes, never as HTML: the
 * clause texts and answers come from documents and a language model, and
 * must not be able to inject markup. Attribute values of `false`, `null`
 * or `undefined` are left out; `true` sets a boolean attribute; a function
 * under an `on…` key becomes an event listener.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === "class") element.className = String(value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

/** Appends children (nested arrays flattened, falsy values skipped). */
export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of an element. */
export function replaceChildren(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A sentence shown in place of content that could not be loaded; announced to screen readers. */
export function errorNotice(message: string): HTMLElement {
  return h("p", { class: "notice notice-error", role: "alert" }, message);
}

/** A sentence shown while something loads. */
export function loadingNotice(message = "正在加载…"): HTMLElement {
  return h("p", { class: "notice notice-loading", role: "status" }, message);
}
