declare module 'seek-bzip' {
  /** Decodes a whole bzip2 buffer (every stream when `multistream`). */
  export function decode(input: Uint8Array, output?: Uint8Array, multistream?: boolean): Buffer
}
