import type { ApiClient } from "./api-client.js";
import type { DocumentInfo } from "./api-types.js";

/**
 * The corpus's documents, fetched once and shared by every view (filters, short
 * names in copied text, the document browser). A failed load is forgotten so
 * the next view that asks tries again instead of inheriting the failure.
 */
export class DocumentCatalog {
  private loading: Promise<DocumentInfo[]> | null = null;
  private byId = new Map<string, DocumentInfo>();

  constructor(private readonly api: ApiClient) {}

  /** The documents in the server's order. */
  load(): Promise<DocumentInfo[]> {
    if (!this.loading) {
      this.loading = this.api.documents().then(
        (documents) => {
          this.byId = new Map(documents.map((document) => [document.id, document]));
          return documents;
        },
        (error: unknown) => {
          this.loading = null;
          throw error;
        },
      );
    }
    return this.loading;
  }

  /** A document already loaded, or undefined (before the load finishes or for an unknown id). */
  get(docId: string): DocumentInfo | undefined {
    return this.byId.get(docId);
  }

  /** The short name (`园区2021`) of a loaded document. */
  shortNameOf(docId: string): string | undefined {
    return this.byId.get(docId)?.shortName;
  }
}
