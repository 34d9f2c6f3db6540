import type { ApiClient } from "./api-client.js";
import { toApiError, type ApiError } from "./api-error.js";
import type { ChatResponse, StoredTurn } from "./api-types.js";
import { AnswerView } from "./answer-view.js";
import { callerHeaders, remembered, saveAgentKey } from "./caller-identity.js";
import { streamChat } from "./chat-stream.js";
import { ConversationList } from "./conversation-list.js";
import type { CitationPanel } from "./citation-panel.js";
import { Conversation } from "./conversation.js";
import { describeCorpus } from "./corpus-summary.js";
import type { DocumentCatalog } from "./document-catalog.js";
import { h, replaceChildren } from "./dom.js";
import { FeedbackBar } from "./feedback-bar.js";
import { FilterBar } from "./filter-bar.js";
import { keyForm } from "./key-form.js";

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
  private readonly history: ConversationList;

  constructor(
    private readonly panel: CitationPanel,
    private readonly catalog: DocumentCatalog,
    private readonly api: ApiClient,
  ) {
    this.filters = new FilterBar(catalog);
    this.history = new ConversationList(api, (conversationId) => void this.reopen(conversationId));
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
      h("div", { class: "chat-toolbar" }, this.filters.element, this.history.element, newChatButton),
      this.intro,
      this.log,
      composer,
    );
    this.updateCounter();
    // The conversation open before a reload comes back.
    const saved = remembered.get("conversation");
    if (saved) void this.reopen(saved);
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
    // A new answer never sits beside an older answer's clause.
    if (this.panel.isOpen) this.panel.reset();
    const { answer, item } = this.addTurn(question, () => this.ask(question));
    item.scrollIntoView({ block: "start", behavior: "smooth" });

    const controller = new AbortController();
    this.setRunning(controller);
    const filters = this.filters.current();
    const conversationId = this.conversation.id;
    streamChat(
      { question, ...(history.length ? { history } : {}), ...(filters ? { filters } : {}), ...(conversationId ? { conversationId } : {}) },
      { onCitations: (citations) => answer.setCitations(citations), onText: (text) => answer.setText(text) },
      { signal: controller.signal, headers: callerHeaders() },
    )
      .then((response) => {
        this.conversation.answer(turn, response);
        if (response.conversationId) {
          this.conversation.id = response.conversationId;
          remembered.set("conversation", response.conversationId);
        }
        this.finishAnswer(answer, response, null);
      })
      .catch((error: unknown) => this.failAnswer(answer, toApiError(error), () => this.ask(question)))
      .finally(() => {
        if (this.running === controller) this.setRunning(null);
      });
  }

  /** A question and its (empty) answer at the end of the log. */
  private addTurn(question: string | null, retry: () => void): { answer: AnswerView; item: HTMLElement } {
    // Numbered as the citation panel names it: the turns on screen so far, this one included.
    const answer = new AnswerView(this.panel, this.catalog, retry, `第 ${this.log.children.length + 1} 问`);
    const questionBlock = h(
      "div",
      { class: "question" },
      h("p", { class: "question-label" }, "您"),
      h("p", { class: "question-text" }, question ?? "（服务器未保存问题文本）"),
    );
    const item = h("li", { class: "turn" }, questionBlock, answer.element);
    this.intro.hidden = true;
    this.log.append(item);
    return { answer, item };
  }

  /** Shows a finished answer and, when the server stored it, 👍/👎 under it. */
  private finishAnswer(answer: AnswerView, response: ChatResponse, rated: StoredTurn["rating"]): void {
    answer.finish(response);
    if (response.id) answer.element.append(new FeedbackBar(this.api, response.id, rated).element);
  }

  /** Shows a failure; when the server needs an agent key, asks for it below and retries with it. */
  private failAnswer(answer: AnswerView, error: ApiError, retry: () => void): void {
    answer.fail(error);
    if (error.status !== 401) return;
    const form = keyForm({
      label: "坐席 API 密钥",
      hint: "本服务器要求密钥才能提问。密钥只保存在本浏览器中。",
      onSave: (key) => {
        saveAgentKey(key);
        form.remove();
        retry();
      },
    });
    answer.element.append(form);
  }

  /** Reopens a stored conversation: its turns, answers, citations and ratings, ready for a follow-up. */
  async reopen(conversationId: string): Promise<void> {
    this.reset({ keepFocus: true });
    this.history.close();
    let stored: Awaited<ReturnType<ApiClient["conversation"]>>;
    try {
      // The catalog first: restored citations are described by the documents' short names, as live ones are.
      [stored] = await Promise.all([this.api.conversation(conversationId), this.catalog.load().catch(() => undefined)]);
    } catch (error) {
      // A conversation the server no longer has (retention, another browser's id) is simply gone.
      if (toApiError(error).status === 404) remembered.set("conversation", null);
      else this.log.append(h("li", { class: "turn" }, h("p", { class: "notice notice-error", role: "alert" }, `对话加载失败：${toApiError(error).message}`)));
      return;
    }
    this.conversation.id = stored.conversation.id;
    remembered.set("conversation", stored.conversation.id);
    for (const turn of stored.turns) {
      const response: ChatResponse = {
        id: turn.answerId,
        conversationId: stored.conversation.id,
        answer: turn.answer ?? "（服务器未保存回答文本）",
        answerable: turn.answerable,
        related: turn.related,
        citations: turn.citations,
        mode: turn.mode,
        timings: { retrievalMs: 0, totalMs: turn.latencyMs },
      };
      const { answer } = this.addTurn(turn.question, () => undefined);
      this.finishAnswer(answer, response, turn.rating);
      // Only turns whose text was kept can serve as history for a follow-up.
      if (turn.question !== null && turn.answer !== null) this.conversation.answer(this.conversation.ask(turn.question), response);
    }
  }

  /** 新对话: stops any answer in flight and forgets the history. */
  reset(options: { keepFocus?: boolean } = {}): void {
    this.running?.abort();
    this.setRunning(null);
    this.conversation.clear();
    remembered.set("conversation", null);
    replaceChildren(this.log);
    this.intro.hidden = false;
    this.panel.reset();
    this.textarea.value = "";
    this.updateCounter();
    if (!options.keepFocus) this.focusInput();
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
