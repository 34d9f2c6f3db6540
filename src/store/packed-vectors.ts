/**
 * Every row's vector in one block of memory, scaled to unit length, scored
 * against a query by one dot product per row. The dot products run in a
 * small WebAssembly SIMD kernel (four lanes at a time): a V8 loop over the
 * same floats was the largest single cost of answering at 1× (bench:load's
 * profile: 0.4 ms of a request's ~3 ms).
 */

/** What the vectors are read from: a LanceDB / Arrow vector cell. */
export type VectorCell = { toArray(): Float32Array } | undefined;

/** An unsigned LEB128 number, as WebAssembly writes sizes and counts. */
function leb128(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

/** A module section: its id, then its contents' size. */
const section = (id: number, contents: number[]) => [id, ...leb128(contents.length), ...contents];
const name = (text: string) => [text.length, ...Array.from(text, (character) => character.charCodeAt(0))];

/**
 * The kernel's one function, `dots(vectors, rows, rowBytes, query, out)` over
 * byte offsets in its imported memory: `out[row] = Σ vectors[row][axis] ·
 * query[axis]` in float32, four lanes at a time (a row's length must be a
 * multiple of four). Hand-assembled, as there is no toolchain to build it
 * with; the text form is beside each instruction.
 */
const dotsBody = [
  // locals 5–7 $row $byte $rowStart (i32), 8 $sum (v128); params 0–4 $vectors $rows $rowBytes $query $out
  0x02, 0x03, 0x7f, 0x01, 0x7b,
  0x20, 0x00, 0x21, 0x07, //                      rowStart = vectors
  0x41, 0x00, 0x21, 0x05, //                      row = 0
  0x02, 0x40, //                                  block
  0x03, 0x40, //                                    loop (rows)
  0x20, 0x05, 0x20, 0x01, 0x4f, 0x0d, 0x01, //        br_if 1 (row >= rows)
  0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x21, 0x08, // sum = v128.const 0
  0x41, 0x00, 0x21, 0x06, //                          byte = 0
  0x03, 0x40, //                                      loop (four floats at a time)
  0x20, 0x08, //                                        sum
  0x20, 0x07, 0x20, 0x06, 0x6a, 0xfd, 0x00, 0x04, 0x00, // v128.load (rowStart + byte)
  0x20, 0x03, 0x20, 0x06, 0x6a, 0xfd, 0x00, 0x04, 0x00, // v128.load (query + byte)
  0xfd, 0xe6, 0x01, //                                  f32x4.mul
  0xfd, 0xe4, 0x01, //                                  f32x4.add
  0x21, 0x08, //                                        sum = …
  0x20, 0x06, 0x41, 0x10, 0x6a, 0x22, 0x06, //          byte += 16
  0x20, 0x02, 0x49, 0x0d, 0x00, //                      br_if 0 (byte < rowBytes)
  0x0b, //                                            end
  0x20, 0x04, 0x20, 0x05, 0x41, 0x02, 0x74, 0x6a, //  address out + row * 4
  0x20, 0x08, 0xfd, 0x1f, 0x00, //                    f32x4.extract_lane 0
  0x20, 0x08, 0xfd, 0x1f, 0x01, 0x92, //              + lane 1
  0x20, 0x08, 0xfd, 0x1f, 0x02, 0x92, //              + lane 2
  0x20, 0x08, 0xfd, 0x1f, 0x03, 0x92, //              + lane 3
  0x38, 0x02, 0x00, //                                f32.store
  0x20, 0x07, 0x20, 0x02, 0x6a, 0x21, 0x07, //        rowStart += rowBytes
  0x20, 0x05, 0x41, 0x01, 0x6a, 0x21, 0x05, //        row += 1
  0x0c, 0x00, //                                      br 0 (next row)
  0x0b, //                                          end
  0x0b, //                                        end (block)
  0x0b, //                                      end (function)
];

const kernel = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
  ...section(1, [0x01, 0x60, 0x05, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x00]), // types: (func (param i32 × 5))
  ...section(2, [0x01, ...name("env"), ...name("memory"), 0x02, 0x00, 0x00]), // imports: (memory 0) from env.memory
  ...section(3, [0x01, 0x00]), // functions: one, of type 0
  ...section(7, [0x01, ...name("dots"), 0x00, 0x00]), // exports: "dots" = function 0
  ...section(10, [0x01, ...leb128(dotsBody.length), ...dotsBody]), // code
]);

type Dots = (vectors: number, rows: number, rowBytes: number, query: number, out: number) => void;

/** The compiled kernel, or null where this runtime has no WebAssembly SIMD (the JavaScript loop then scores). */
const compiledKernel: WebAssembly.Module | null = (() => {
  try {
    return typeof WebAssembly === "object" && WebAssembly.validate(kernel) ? new WebAssembly.Module(kernel) : null;
  } catch {
    return null;
  }
})();

const PAGE_BYTES = 65536;

/** Unit-length rows of `dimensions` floats, scored against a query in one call. */
export class PackedVectors {
  /** The rows, row-major (a view of the kernel's memory when it runs). */
  readonly values: Float32Array;
  private readonly query: Float32Array;
  private readonly scores: Float32Array;
  private readonly dots: Dots | null;

  private constructor(
    readonly rows: number,
    readonly dimensions: number,
  ) {
    const floats = rows * dimensions;
    if (compiledKernel && dimensions % 4 === 0) {
      // One memory per set of vectors: rows, then the query, then a score per row.
      const bytes = (floats + dimensions + rows) * Float32Array.BYTES_PER_ELEMENT;
      const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE_BYTES)) });
      const instance = new WebAssembly.Instance(compiledKernel, { env: { memory } });
      this.values = new Float32Array(memory.buffer, 0, floats);
      this.query = new Float32Array(memory.buffer, floats * 4, dimensions);
      this.scores = new Float32Array(memory.buffer, (floats + dimensions) * 4, rows);
      this.dots = instance.exports.dots as Dots;
    } else {
      this.values = new Float32Array(floats);
      this.query = new Float32Array(dimensions);
      this.scores = new Float32Array(rows);
      this.dots = null;
    }
  }

  /**
   * Packs the vectors, each scaled to unit length so a cosine is one dot
   * product. Throws an Error naming the first row of the wrong length.
   */
  static from(vectors: readonly VectorCell[], dimensions: number): PackedVectors {
    const packed = new PackedVectors(vectors.length, dimensions);
    vectors.forEach((vector, row) => {
      const values = vector?.toArray();
      if (!values || values.length !== dimensions) throw new Error(`row ${row} has ${values?.length ?? 0} vector dimensions, expected ${dimensions}`);
      let norm = 0;
      for (const value of values) norm += value * value;
      norm = Math.sqrt(norm) || 1;
      const offset = row * dimensions;
      for (let axis = 0; axis < dimensions; axis++) packed.values[offset + axis] = values[axis]! / norm;
    });
    return packed;
  }

  /**
   * The cosine of `vector` against every row, in row order. The array is
   * reused by the next call: read it before scoring again.
   */
  cosines(vector: readonly number[]): Float32Array {
    const { dimensions, rows, query, scores } = this;
    let norm = 0;
    for (let axis = 0; axis < dimensions; axis++) norm += (vector[axis] ?? 0) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let axis = 0; axis < dimensions; axis++) query[axis] = (vector[axis] ?? 0) / norm;
    if (this.dots) {
      this.dots(0, rows, dimensions * 4, this.query.byteOffset, this.scores.byteOffset);
      return scores;
    }
    const values = this.values;
    for (let row = 0, offset = 0; row < rows; row++, offset += dimensions) {
      // Four running sums, not one: each addition no longer waits for the one before.
      let dot0 = 0;
      let dot1 = 0;
      let dot2 = 0;
      let dot3 = 0;
      let axis = 0;
      for (; axis + 3 < dimensions; axis += 4) {
        dot0 += values[offset + axis]! * query[axis]!;
        dot1 += values[offset + axis + 1]! * query[axis + 1]!;
        dot2 += values[offset + axis + 2]! * query[axis + 2]!;
        dot3 += values[offset + axis + 3]! * query[axis + 3]!;
      }
      for (; axis < dimensions; axis++) dot0 += values[offset + axis]! * query[axis]!;
      scores[row] = dot0 + dot1 + dot2 + dot3;
    }
    return scores;
  }

  /** Whether the WebAssembly kernel scores (false: the JavaScript loop). */
  get simd(): boolean {
    return this.dots !== null;
  }
}
