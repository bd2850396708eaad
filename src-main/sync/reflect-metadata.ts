// The few Reflect metadata functions that @peculiar/x509's dependency injection (tsyringe) calls when it loads:
// getMetadata, getOwnMetadata, defineMetadata. The `reflect-metadata` package would provide them; it is not a
// dependency, and these three are all tsyringe uses. Installed only where it is absent, so a real polyfill wins.
type MetadataReflect = typeof Reflect & {
  getMetadata?: (key: unknown, target: object) => unknown;
  getOwnMetadata?: (key: unknown, target: object) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: object) => void;
};

const reflect = Reflect as MetadataReflect;
if (typeof reflect.getMetadata !== 'function') {
  const metadata = new WeakMap<object, Map<unknown, unknown>>();
  const own = (key: unknown, target: object) => metadata.get(target)?.get(key);
  reflect.getOwnMetadata = own;
  reflect.getMetadata = (key, target) => {
    // Inherited along the prototype chain, as reflect-metadata does.
    for (let o: object | null = target; o !== null; o = Object.getPrototypeOf(o) as object | null) {
      const value = own(key, o);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  reflect.defineMetadata = (key, value, target) => {
    let map = metadata.get(target);
    if (!map) metadata.set(target, (map = new Map()));
    map.set(key, value);
  };
}
