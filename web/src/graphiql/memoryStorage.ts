/**
 * A Storage that lives in memory: GraphiQL keeps its tabs, history and headers here
 * instead of localStorage, so nothing of a session (a query with an id, a header with a
 * token) outlives it.
 */
export function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}
