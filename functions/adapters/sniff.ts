import type { Sniffed } from '../../core/materials';

/**
 * What a file's first bytes say it is, by file-type (which reads a ZIP's entries to tell a Word
 * document from a workbook or any other archive). A truncated ZIP is read as far as it goes.
 */
export async function sniff(head: Uint8Array): Promise<Sniffed | undefined> {
  // Loaded on the first upload only: no other request needs it, and every cold start would parse it.
  const { fileTypeFromBuffer } = await import('file-type');
  try {
    const type = await fileTypeFromBuffer(head);
    return type ? { ext: type.ext } : undefined;
  } catch {
    // A malformed file is not any accepted type.
    return undefined;
  }
}
