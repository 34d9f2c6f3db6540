import { toApiError } from "./api-error.js";
import { AnswerView } from "./answer-view.js";
import { streamChat } from "./chat-stream.js";
import type { CitationPanel } from "./citation-panel.js";
import { Conversation } from "./conversation.js";
import { describeCorpus } from "./corpus-summary.js";
import type { DocumentCatalog } from "./document-catalog.js";
import { h, replaceChildren } from "./dom.js";
import { FilterBar } from "./filter-bar.js";

/** The server's limit on a question's length. */
const maxQuestionLength = 1000;

const exampleQuestions = [
  "我们刚在园区开了公司，想把公司关掉要怎么办？",
  "高新区企业开办需要几个工作日？",
  "水电气网报装有哪些便利措施？",
  "嘉定区对中小企业融资有什么支持？",
];

/**
 * The conversation: filters, the list of questions and streamed answers, and
 * the composer. Enter sends and Shift+Enter breaks the line; an IME that is
 * still composing (pinyin input) keeps its Enter, or every Chinese user
 * would send half a word.
 */
export class ChatView {
  readonly element: HTMLElement;
  private readonly conversation = new Conversation();
  private readonly filters: FilterBar;
  private readonly log: HTMLElement;
  private readonly intro: HTMLElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly counter: HTMLElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private running: AbortController | null = null;

  constructor(
    private readonly panel: CitationPanel,
    private readonly catalog: DocumentCatalog,
  ) {
    this.filters = new FilterBar(catalog);
    this.log = h("ol", { class: "conversation", "aria-label": "对话记录" });
    // What the answers draw on, from the server's document list once it arrives (the filters load the same list).
    const corpusSentence = h("p", {}, describeCorpus([]));
    void catalog.load().then(
      (documents) => (corpusSentence.textContent = describeCorpus(documents)),
      () => undefined, // the filter bar reports a failed load; the sentence keeps its general wording
    );
    this.intro = h(
      "div",
      { class: "intro" },
      h("h2", { class: "intro-heading" }, "您好，想了解哪项营商环境政策？"),
      corpusSentence,
      h("p", { class: "intro-try" }, "可以这样问："),
      h(
        "ul",
        { class: "examples" },
        exampleQuestions.map((question) => h("li", {}, h("button", { type: "button", class: "example", onclick: () => this.ask(question) }, question))),
      ),
    );
    this.textarea = h("textarea", {
      id: "question",
      name: "question",
      rows: 2,
      maxlength: maxQuestionLength,
      placeholder: "请输入您的问题，例如：企业注销要怎么办？",
      "aria-describedby": "question-hint",
      autocomplete: "off",
    });
    this.counter = h("span", { class: "counter", "aria-hidden": "true" });
    this.sendButton = h("button", { type: "submit", class: "button-primary" }, "发送");
    this.stopButton = h("button", { type: "button", class: "button-quiet", hidden: true, onclick: () => this.running?.abort() }, "停止");
    const composer = h(
      "form",
      { class: "composer", "aria-label": "提问" },
      h("label", { for: "question", class: "visually-hidden" }, "您的问题"),
      this.textarea,
      h(
        "div",
        { class: "composer-row" },
        h("p", { id: "question-hint", class: "composer-hint" }, "Enter 发送，Shift+Enter 换行"),
        this.counter,
        this.stopButton,
        this.sendButton,
      ),
    );
    composer.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    this.textarea.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
      event.preventDefault();
      this.submit();
    });
    this.textarea.addEventListener("input", () => this.updateCounter());
    const newChatButton = h("button", { type: "button", class: "button-quiet new-chat", onclick: () => this.reset() }, "新对话");
    this.element = h(
      "div",
      { class: "chat-main" },
      h("h2", { class: "visually-hidden", tabindex: "-1", id: "chat-heading" }, "政策问答"),
      h("div", { class: "chat-toolbar" }, this.filters.element, newChatButton),
      this.intro,
      this.log,
      composer,
    );
    this.updateCounter();
  }

  /** Puts the cursor in the question box. */
  focusInput(): void {
    this.textarea.focus();
  }

  private submit(): void {
    const question = this.textarea.value.trim();
    if (!question || this.running) return;
    this.textarea.value = "";
    this.updateCounter();
    this.ask(question);
  }

  private ask(question: string): void {
    if (this.running) return;
    const history = this.conversation.history();
    const turn = this.conversation.ask(question);
    const answer = new AnswerView(this.panel, this.catalog, () => this.ask(question), `第 ${this.conversation.length} 问`);
    // A new answer never sits beside an older answer's clause.
    if (this.panel.isOpen) this.panel.reset();
    const questionBlock = h("div", { class: "question" }, h("p", { class: "question-label" }, "您"), h("p", { class: "question-text" }, question));
    const item = h("li", { class: "turn" }, questionBlock, answer.element);
    this.intro.hidden = true;
    this.log.append(item);
    item.scrollIntoView({ block: "start", behavior: "smooth" });

    const controller = new AbortController();
    this.setRunning(controller);
    const filters = this.filters.current();
    streamChat(
      { question, ...(history.length ? { history } : {}), ...(filters ? { filters } : {}) },
      { onCitations: (citations) => answer.setCitations(citations), onText: (text) => answer.setText(text) },
      { signal: controller.signal },
    )
      .then((response) => {
        this.conversation.answer(turn, response);
        answer.finish(response);
      })
      .catch((error: unknown) => answer.fail(toApiError(error)))
      .finally(() => {
        if (this.running === controller) this.setRunning(null);
      });
  }

  /** 新对话: stops any answer in flight and forgets the history. */
  reset(): void {
    this.running?.abort();
    this.setRunning(null);
    this.conversation.clear();
    replaceChildren(this.log);
    this.intro.hidden = false;
    this.panel.reset();
    this.textarea.value = "";
    this.updateCounter();
    this.focusInput();
  }

  private setRunning(controller: AbortController | null): void {
    this.running = controller;
    // The stop button disappears when the answer ends; do not strand focus on nothing.
    if (controller === null && document.activeElement === this.stopButton) this.textarea.focus();
    this.sendButton.disabled = controller !== null;
    this.stopButton.hidden = controller === null;
    this.element.classList.toggle("is-answering", controller !== null);
  }

  private updateCounter(): void {
    const length = this.textarea.value.length;
    this.counter.textContent = `${length}/${maxQuestionLength}`;
    this.counter.classList.toggle("is-near-limit", length > maxQuestionLength * 0.9);
  }
}
