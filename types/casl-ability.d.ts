// @casl/ability publishes its types behind package "exports", which TypeScript's classic
// node resolution (needed here for jose's CommonJS interop) does not read; point at them.
declare module '@casl/ability' {
  export * from '@casl/ability/dist/types/index';
}
