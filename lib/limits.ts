// Limits shared by the forms (client) and the guard (server), so both sides agree.
export const COMMENT_MAX = 5_000;
export const EDIT_WINDOW_MS = 15 * 60_000;
export const PASSWORD_MIN = 10;
export const REPORT_REASONS = ["spam", "abuse", "off-topic", "other"] as const;
