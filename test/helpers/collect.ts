// Collects an async iterable into an array (Array.fromAsync is Node 22+; the suite also runs on Node 20).
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
