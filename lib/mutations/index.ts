// Every write a reader can make, in one list. The authorization matrix test walks this list, so a new
// write path cannot ship without an entry there.
import type { AnyMutation } from "../guard";
import { deleteOwnComment, editOwnComment, postComment, reportOthersComment } from "./comments";
import { moderate } from "./moderation";
import { changePassword, deleteAccount, recordReadingPosition, renameAccount, toggleBookmark } from "./readers";

export const allMutations: readonly AnyMutation[] = [
  postComment,
  editOwnComment,
  deleteOwnComment,
  reportOthersComment,
  moderate,
  toggleBookmark,
  recordReadingPosition,
  renameAccount,
  changePassword,
  deleteAccount,
];

export {
  changePassword,
  deleteAccount,
  deleteOwnComment,
  editOwnComment,
  moderate,
  postComment,
  recordReadingPosition,
  renameAccount,
  reportOthersComment,
  toggleBookmark,
};
