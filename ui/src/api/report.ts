// The report document in the nengbao.report/1 contract. The interface edits it by field path
// (see utils/path.ts), so it is typed loosely here; the Rust core checks its shape.
export type Json = Record<string, unknown>

export type Report = Json & { year: number; enterprise: Json & { name: string; uscc: string } }
