CREATE TABLE `article_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` integer NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`excerpt` text NOT NULL,
	`seen_at` integer NOT NULL,
	`replaced_at` integer NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `article_revisions_article_idx` ON `article_revisions` (`article_id`,`id`);--> statement-breakpoint
CREATE TABLE `feed_tokens` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`nonce` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feed_tokens_hash_uq` ON `feed_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `muted_words` (
	`user_id` integer NOT NULL,
	`word` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `word`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `notification_digests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`day` text NOT NULL,
	`up_to_id` integer NOT NULL,
	`count` integer NOT NULL,
	`status` text NOT NULL,
	`claimed_at` integer NOT NULL,
	`sent_at` integer,
	`error` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_digests_user_day_uq` ON `notification_digests` (`user_id`,`day`);--> statement-breakpoint
CREATE TABLE `notification_mutes` (
	`user_id` integer NOT NULL,
	`thread_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `thread_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`thread_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `notification_settings` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`digest` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`comment_id` integer NOT NULL,
	`thread_id` integer NOT NULL,
	`actor_id` integer,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `notifications_user_id_idx` ON `notifications` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `notifications_user_unread_idx` ON `notifications` (`user_id`,`read_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_user_kind_comment_uq` ON `notifications` (`user_id`,`kind`,`comment_id`);--> statement-breakpoint
CREATE TABLE `reader_sources` (
	`user_id` integer NOT NULL,
	`source_id` integer NOT NULL,
	`choice` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `source_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reader_sources_user_choice_idx` ON `reader_sources` (`user_id`,`choice`);--> statement-breakpoint
CREATE TABLE `reader_tags` (
	`user_id` integer NOT NULL,
	`tag_id` integer NOT NULL,
	`choice` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `tag_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reader_tags_user_choice_idx` ON `reader_tags` (`user_id`,`choice`);--> statement-breakpoint
ALTER TABLE `articles` ADD `image_width` integer;--> statement-breakpoint
ALTER TABLE `articles` ADD `image_height` integer;--> statement-breakpoint
ALTER TABLE `articles` ADD `image_alt` text;--> statement-breakpoint
ALTER TABLE `articles` ADD `image_credit` text;--> statement-breakpoint
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
