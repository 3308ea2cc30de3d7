// Prisma's own schema parser (the same WebAssembly module `prisma generate` uses), for tests.
export function getDmmf(schema: string): any {
  const wasm = require('@prisma/prisma-schema-wasm');
  return JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: schema })));
}
