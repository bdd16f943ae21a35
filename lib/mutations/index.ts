// Every write a reader (or a signed-out visitor) can make, in one list. The authorization matrix test
// walks this list, so a new write path cannot ship without an entry there.
import type { AnyMutation } from "@/lib/mutations/guard";
import { completePasswordReset, confirmSignup, requestPasswordReset, requestSignup } from "./accounts";
import { deleteOwnComment, editOwnComment, postComment, reportOthersComment } from "./comments";
import { muteWord, renewFeedToken, revokeFeedToken, setTopic, unmuteWord } from "./follows";
import { moderate } from "./moderation";
import {
  markAllNotificationsRead,
  markOneNotificationRead,
  muteNotificationThread,
  setNotificationDigest,
  unsubscribeDigest,
} from "./notifications";
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
  requestPasswordReset,
  completePasswordReset,
  requestSignup,
  confirmSignup,
  markAllNotificationsRead,
  markOneNotificationRead,
  muteNotificationThread,
  setNotificationDigest,
  unsubscribeDigest,
  setTopic,
  muteWord,
  unmuteWord,
  renewFeedToken,
  revokeFeedToken,
];

export {
  changePassword,
  completePasswordReset,
  confirmSignup,
  deleteAccount,
  deleteOwnComment,
  editOwnComment,
  markAllNotificationsRead,
  markOneNotificationRead,
  moderate,
  muteNotificationThread,
  muteWord,
  postComment,
  recordReadingPosition,
  renameAccount,
  renewFeedToken,
  reportOthersComment,
  requestPasswordReset,
  requestSignup,
  revokeFeedToken,
  setNotificationDigest,
  setTopic,
  toggleBookmark,
  unmuteWord,
  unsubscribeDigest,
};
