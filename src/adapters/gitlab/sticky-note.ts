// One merge request note per workflow, found again by the hidden marker it starts with and edited
// in place, so a merge request pushed to twenty times still has one Shakedown note per workflow.
import type { GitLabApi, MergeRequestNote } from './gitlab-api.js';

export interface StickyNoteResult {
  action: 'created' | 'updated' | 'skipped';
  /** The note's id: the new or updated one, or the existing one left as it was. */
  id?: number;
}

/**
 * The first of our notes for the marker. Every page is read (busy merge requests have hundreds
 * of notes, system notes included); a note only *quoting* ours starts with `>`, not the marker.
 */
export async function findStickyNote(
  api: GitLabApi,
  mrIid: number,
  marker: string,
): Promise<MergeRequestNote | undefined> {
  for await (const note of api.listNotes(mrIid)) {
    if (!note.system && note.body.startsWith(marker)) return note;
  }
  return undefined;
}

export async function writeStickyNote(
  api: GitLabApi,
  mrIid: number,
  existing: MergeRequestNote | undefined,
  action: 'create' | 'update' | 'skip',
  body: string,
): Promise<StickyNoteResult> {
  if (action === 'skip') return { action: 'skipped', id: existing?.id };
  if (action === 'update' && existing) {
    const updated = await api.updateNote(mrIid, existing.id, body);
    return { action: 'updated', id: updated.id };
  }
  const created = await api.createNote(mrIid, body);
  return { action: 'created', id: created.id };
}
