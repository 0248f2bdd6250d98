/** Same keys as T, every leaf a string: a translation must cover every English key. */
export type Catalogue<T> = {
  [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]>;
};
