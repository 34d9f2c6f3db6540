/** Cosine similarity of two L2-normalised vectors. */
function similarity(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}

function normalised(vector: number[]): number[] {
  const length = Math.hypot(...vector) || 1;
  return vector.map((value) => value / length);
}

/**
 * Groups normalised vectors whose similarity to a group's centroid reaches
 * `threshold`: one pass that starts a group when nothing is close enough,
 * then one pass that moves each vector to its closest centroid (so the result
 * depends less on the order). Returns groups of indices, largest first.
 */
export function clusterVectors(vectors: readonly number[][], threshold: number): number[][] {
  const sums: number[][] = [];
  const centroids: number[][] = [];
  for (const vector of vectors) {
    let best = -1;
    let bestScore = threshold;
    centroids.forEach((centroid, index) => {
      const score = similarity(vector, centroid);
      if (score >= bestScore) [best, bestScore] = [index, score];
    });
    if (best < 0) {
      sums.push([...vector]);
      centroids.push([...vector]);
    } else {
      sums[best] = sums[best]!.map((value, index) => value + vector[index]!);
      centroids[best] = normalised(sums[best]!);
    }
  }
  const groups: number[][] = centroids.map(() => []);
  vectors.forEach((vector, index) => {
    let best = 0;
    centroids.forEach((centroid, candidate) => {
      if (similarity(vector, centroid) > similarity(vector, centroids[best]!)) best = candidate;
    });
    groups[best]!.push(index);
  });
  return groups.filter((group) => group.length > 0).sort((a, b) => b.length - a.length || a[0]! - b[0]!);
}
