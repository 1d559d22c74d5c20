/**
 * A persistent map: each version is a small layer of changes over the one it came from, so making a version costs
 * about the size of its change rather than a copy of every entry; every few versions the layers are flattened, so a
 * lookup reads a bounded number of them. Earlier versions stay valid and unchanged.
 */

/** Layers a version may stack before the next version flattens them. */
const MAX_DEPTH = 16;

export class LayeredMap<K, V> {
  private constructor(
    /** This layer's entries: a value, or undefined for a key it deletes. */
    private readonly own: ReadonlyMap<K, V | undefined>,
    private readonly parent: LayeredMap<K, V> | null,
    private readonly depth: number,
  ) {}

  /** A first version holding `entries` (the map is taken as is: not to be changed after). */
  static from<K, V>(entries: ReadonlyMap<K, V>): LayeredMap<K, V> {
    return new LayeredMap<K, V>(entries, null, 0);
  }

  /** The value under `key` in this version. */
  get(key: K): V | undefined {
    for (let layer: LayeredMap<K, V> | null = this; layer; layer = layer.parent)
      if (layer.own.has(key)) return layer.own.get(key);
    return undefined;
  }

  /** True when this version holds a value under `key`. */
  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /** A new version with `changes` applied (undefined deletes); `changes` is taken as is, not to be changed after. */
  with(changes: ReadonlyMap<K, V | undefined>): LayeredMap<K, V> {
    if (changes.size === 0) return this;
    if (this.depth < MAX_DEPTH) return new LayeredMap(changes, this, this.depth + 1);
    const layers: LayeredMap<K, V>[] = [];
    for (let layer: LayeredMap<K, V> | null = this; layer; layer = layer.parent) layers.unshift(layer);
    const flat = new Map<K, V>();
    for (const own of [...layers.map((layer) => layer.own), changes])
      for (const [key, value] of own) {
        if (value === undefined) flat.delete(key);
        else flat.set(key, value);
      }
    return new LayeredMap<K, V>(flat, null, 0);
  }
}
