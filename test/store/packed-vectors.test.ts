import { describe, expect, it } from "vitest";
import { PackedVectors } from "../../src/store/packed-vectors.js";

/** A deterministic pseudo-random vector (no Math.random: a failure must reproduce). */
function vectorOf(seed: number, dimensions: number): Float32Array {
  let state = seed * 2654435761;
  return Float32Array.from({ length: dimensions }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  });
}

const cell = (values: Float32Array) => ({ toArray: () => values });

/** The cosine in float64, as a reference. */
function cosine(left: ArrayLike<number>, right: ArrayLike<number>): number {
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (let axis = 0; axis < left.length; axis++) {
    dot += left[axis]! * right[axis]!;
    leftNorm += left[axis]! ** 2;
    rightNorm += right[axis]! ** 2;
  }
  return dot / Math.sqrt(leftNorm * rightNorm);
}

describe("PackedVectors", () => {
  it.each([
    ["the WebAssembly kernel", 512, true],
    ["the JavaScript loop (a length that is not a multiple of four)", 6, false],
  ])("scores every row's cosine in row order through %s", (_name, dimensions, simd) => {
    const rows = Array.from({ length: 300 }, (_, row) => vectorOf(row + 1, dimensions));
    const packed = PackedVectors.from(rows.map(cell), dimensions);
    expect(packed.simd).toBe(simd);
    const query = Array.from(vectorOf(999, dimensions), (value) => value * 3);
    const cosines = packed.cosines(query);
    expect(cosines).toHaveLength(rows.length);
    rows.forEach((row, index) => expect(cosines[index]).toBeCloseTo(cosine(row, query), 5));
    // A row equal to the query (up to scale) scores 1.
    expect(PackedVectors.from([cell(Float32Array.from(query))], dimensions).cosines(query)[0]).toBeCloseTo(1, 5);
  });

  it("scores a zero row and a zero query 0 rather than NaN", () => {
    const packed = PackedVectors.from([cell(new Float32Array(8)), cell(vectorOf(1, 8))], 8);
    expect(Array.from(packed.cosines(Array.from(vectorOf(2, 8))))[0]).toBe(0);
    expect(Array.from(packed.cosines(new Array(8).fill(0)))).toEqual([0, 0]);
  });

  it("names the row whose vector has the wrong length", () => {
    expect(() => PackedVectors.from([cell(vectorOf(1, 8)), cell(vectorOf(2, 4))], 8)).toThrow("row 1 has 4 vector dimensions, expected 8");
  });
});
