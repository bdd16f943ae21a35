ALTER TABLE `comments` ADD `root_id` integer;--> statement-breakpoint
CREATE INDEX `comments_article_root_created_idx` ON `comments` (`article_id`,`root_id`,`created_at`);--> statement-breakpoint
-- Hand-written backfill (comment threads): every existing reply gets the top-level comment its thread
-- starts from. A reply whose parent is missing keeps NULL and starts a thread of its own at the top level,
-- as the page showed it before (and as insertComment files a reply to it).
WITH RECURSIVE thread(id, root) AS (
  SELECT id, id FROM comments WHERE parent_id IS NULL OR parent_id NOT IN (SELECT id FROM comments)
  UNION ALL
  SELECT c.id, thread.root FROM comments c JOIN thread ON c.parent_id = thread.id
)
UPDATE comments SET root_id = (SELECT root FROM thread WHERE thread.id = comments.id AND thread.root <> comments.id)
WHERE parent_id IS NOT NULL;
