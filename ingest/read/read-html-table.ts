import { HTMLElement } from "node-html-parser";

/** A cell's text: its paragraphs joined by a space, markup whitespace collapsed. */
function cellText(cell: HTMLElement): string {
  const parts = cell.querySelectorAll("p, li, div").filter((part) => !part.querySelector("p, li, div"));
  const texts = (parts.length > 1 ? parts.map((part) => part.text) : [cell.text]).map((text) => text.replace(/[\s\u00a0]+/g, " ").trim());
  return texts.filter(Boolean).join(" ");
}

function span(cell: HTMLElement, attribute: "rowspan" | "colspan"): number {
  const value = Number.parseInt(cell.getAttribute(attribute) ?? "1", 10);
  return Number.isFinite(value) && value > 1 ? Math.min(value, 1000) : 1;
}

/**
 * A data table's rows as a full grid. A cell spanning rows repeats its text in
 * every row it covers, so each row keeps its category (类目); a cell spanning
 * columns keeps its text in its first column and leaves the rest empty, so a
 * row spanning the table (a part heading) reads as one cell. Empty rows go.
 */
export function readHtmlTable(table: HTMLElement): string[][] {
  const grid: string[][] = [];
  /** Cells still covering rows below, by column. */
  const carried = new Map<number, { text: string; rowsLeft: number }>();
  for (const row of table.querySelectorAll("tr")) {
    const cells: string[] = [];
    let column = 0;
    const takeCarried = () => {
      for (let held = carried.get(column); held; held = carried.get(column)) {
        cells[column] = held.text;
        if (--held.rowsLeft === 0) carried.delete(column);
        column++;
      }
    };
    for (const cell of row.childNodes) {
      if (!(cell instanceof HTMLElement) || !/^t[dh]$/i.test(cell.tagName)) continue;
      takeCarried();
      const text = cellText(cell);
      const rows = span(cell, "rowspan");
      const columns = span(cell, "colspan");
      for (let offset = 0; offset < columns; offset++) {
        const shown = offset === 0 ? text : "";
        cells[column + offset] = shown;
        if (rows > 1) carried.set(column + offset, { text: shown, rowsLeft: rows - 1 });
      }
      column += columns;
    }
    takeCarried();
    // Cells carried past the row's last cell (a rowspan at the right edge).
    for (const [at, held] of [...carried].sort(([a], [b]) => a - b)) {
      if (at < column) continue;
      cells[at] = held.text;
      if (--held.rowsLeft === 0) carried.delete(at);
    }
    grid.push(Array.from(cells, (text) => text ?? ""));
  }
  const width = Math.max(0, ...grid.map((cells) => cells.length));
  return grid.map((cells) => [...cells, ...Array<string>(width - cells.length).fill("")]).filter((cells) => cells.some((text) => text !== ""));
}
