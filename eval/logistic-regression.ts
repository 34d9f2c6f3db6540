/** One training example: the signals as numbers, and whether the question is answerable. */
export interface Example {
  features: number[];
  label: boolean;
}

/** A fitted logistic regression over standardised features. */
export interface FittedLogistic {
  means: number[];
  scales: number[];
  weights: number[];
  bias: number;
}

/** Each feature's mean and standard deviation over the examples (a constant feature gets scale 1). */
function standardisation(examples: readonly Example[]): { means: number[]; scales: number[] } {
  const width = examples[0]?.features.length ?? 0;
  const means = Array.from({ length: width }, (_, column) => examples.reduce((sum, { features }) => sum + features[column]!, 0) / examples.length);
  const scales = means.map((mean, column) => Math.sqrt(examples.reduce((sum, { features }) => sum + (features[column]! - mean) ** 2, 0) / examples.length) || 1);
  return { means, scales };
}

/**
 * Fits L2-regularised logistic regression by Newton's method (IRLS) on
 * standardised features: a few hundred examples and a score of features
 * converge in a handful of steps, to the same weights every run.
 */
export function fitLogistic(examples: readonly Example[], l2: number, iterations = 30): FittedLogistic {
  const { means, scales } = standardisation(examples);
  const rows = examples.map(({ features }) => [1, ...features.map((value, column) => (value - means[column]!) / scales[column]!)]);
  const labels = examples.map(({ label }) => (label ? 1 : 0));
  const width = rows[0]?.length ?? 1;
  let beta = new Array<number>(width).fill(0);
  for (let step = 0; step < iterations; step++) {
    const gradient = new Array<number>(width).fill(0);
    const hessian = Array.from({ length: width }, () => new Array<number>(width).fill(0));
    rows.forEach((row, index) => {
      const probability = 1 / (1 + Math.exp(-row.reduce((sum, value, column) => sum + value * beta[column]!, 0)));
      const weight = probability * (1 - probability);
      for (let left = 0; left < width; left++) {
        gradient[left]! += (labels[index]! - probability) * row[left]!;
        for (let right = 0; right < width; right++) hessian[left]![right]! += weight * row[left]! * row[right]!;
      }
    });
    // The bias is not shrunk: only the weights are.
    for (let column = 1; column < width; column++) {
      gradient[column]! -= l2 * beta[column]!;
      hessian[column]![column]! += l2;
    }
    const change = solve(hessian, gradient);
    beta = beta.map((value, column) => value + change[column]!);
    if (Math.max(...change.map(Math.abs)) < 1e-8) break;
  }
  return { means, scales, weights: beta.slice(1), bias: beta[0]! };
}

/** The probability the fitted model gives an example's features. */
export function predictLogistic(model: FittedLogistic, features: readonly number[]): number {
  const logit = features.reduce((sum, value, column) => sum + model.weights[column]! * ((value - model.means[column]!) / model.scales[column]!), model.bias);
  return 1 / (1 + Math.exp(-logit));
}

/** Solves a small symmetric positive-definite system by Gaussian elimination with partial pivoting. */
function solve(matrix: number[][], vector: number[]): number[] {
  const size = vector.length;
  const rows = matrix.map((row, index) => [...row, vector[index]!]);
  for (let pivot = 0; pivot < size; pivot++) {
    let best = pivot;
    for (let row = pivot + 1; row < size; row++) if (Math.abs(rows[row]![pivot]!) > Math.abs(rows[best]![pivot]!)) best = row;
    [rows[pivot], rows[best]] = [rows[best]!, rows[pivot]!];
    const lead = rows[pivot]![pivot]! || 1e-12;
    for (let row = pivot + 1; row < size; row++) {
      const factor = rows[row]![pivot]! / lead;
      for (let column = pivot; column <= size; column++) rows[row]![column]! -= factor * rows[pivot]![column]!;
    }
  }
  const solution = new Array<number>(size).fill(0);
  for (let row = size - 1; row >= 0; row--) {
    let sum = rows[row]![size]!;
    for (let column = row + 1; column < size; column++) sum -= rows[row]![column]! * solution[column]!;
    solution[row] = sum / (rows[row]![row]! || 1e-12);
  }
  return solution;
}
