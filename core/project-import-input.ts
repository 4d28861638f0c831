import { z } from 'zod';

/**
 * What the import of earlier projects (issue 22.5) takes over the API: the file's name and its rows
 * by column key. Apart from the planner (core/project-import.ts), so the API's eager bundle carries
 * the schema and not the planner, which loads with the first import.
 */
const sheetRows = z
  .array(z.strictObject({ row: z.int().min(2).max(1_048_576), cells: z.record(z.string().max(200), z.string().max(5000)) }))
  .min(1)
  .max(2000);

/** What the API's import takes, and the pages' confirmation carries: the file's name and its rows by column key. */
export const projectImportInput = z.strictObject({
  fileName: z.string().trim().min(1).max(200),
  rows: sheetRows,
});

export type ImportInput = z.infer<typeof projectImportInput>;
