/** Cosine similarity of two L2-normalised vectors. */
function similarity(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}

function normalised(vector: readonly number[]): number[] {
  const length = Math.hypot(...vector) || 1;
  return vector.map((value) => value / length);
}

/** A group being built: the sum of its vectors (its centroid, normalised) and its members. */
interface Group {
  sum: number[];
  centroid: number[];
  members: number[];
}

function add(group: Group, vector: readonly number[], member: number): void {
  group.sum = group.sum.map((value, index) => value + vector[index]!);
  group.centroid = normalised(group.sum);
  group.members.push(member);
}

/** The two groups whose centroids are most alike, if they reach `threshold`. */
function closestPair(groups: readonly Group[], threshold: number): [number, number] | null {
  let best: [number, number] | null = null;
  let bestScore = threshold;
  for (let left = 0; left < groups.length; left++) {
    for (let right = left + 1; right < groups.length; right++) {
      const score = similarity(groups[left]!.centroid, groups[right]!.centroid);
      if (score >= bestScore) [best, bestScore] = [[left, right], score];
    }
  }
  return best;
}

/**
 * Groups normalised vectors by centroid similarity (at least `threshold`):
 * one pass that joins each vector to the closest group or starts one, then
 * merging the closest groups while their centroids are alike enough (so a
 * topic whose first two questions happened to differ still ends as one),
 * then moving each vector to its closest centroid. Returns groups of
 * indices, largest first, each in input order.
 */
export function clusterVectors(vectors: readonly number[][], threshold: number): number[][] {
  const groups: Group[] = [];
  vectors.forEach((vector, index) => {
    let best: Group | undefined;
    let bestScore = threshold;
    for (const group of groups) {
      const score = similarity(vector, group.centroid);
      if (score >= bestScore) [best, bestScore] = [group, score];
    }
    if (best) add(best, vector, index);
    else groups.push({ sum: [...vector], centroid: normalised(vector), members: [index] });
  });
  for (let pair = closestPair(groups, threshold); pair; pair = closestPair(groups, threshold)) {
    const [keep, merged] = pair;
    const absorbed = groups.splice(merged, 1)[0]!;
    const target = groups[keep]!;
    target.sum = target.sum.map((value, index) => value + absorbed.sum[index]!);
    target.centroid = normalised(target.sum);
    target.members.push(...absorbed.members);
  }
  const final: number[][] = groups.map(() => []);
  vectors.forEach((vector, index) => {
    let best = 0;
    groups.forEach((group, candidate) => {
      if (similarity(vector, group.centroid) > similarity(vector, groups[best]!.centroid)) best = candidate;
    });
    final[best]!.push(index);
  });
  return final.filter((group) => group.length > 0).sort((a, b) => b.length - a.length || a[0]! - b[0]!);
}
