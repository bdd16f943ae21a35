CREATE TABLE `article_tags` (
	`article_id` integer NOT NULL,
	`tag_id` integer NOT NULL,
	`published_at` integer NOT NULL,
	PRIMARY KEY(`article_id`, `tag_id`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `article_tags_tag_published_idx` ON `article_tags` (`tag_id`,`published_at`,`article_id`);--> statement-breakpoint
CREATE TABLE `articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`source_id` integer NOT NULL,
	`url` text,
	`guid` text,
	`external_id` text,
	`title` text NOT NULL,
	`author` text,
	`excerpt` text DEFAULT '' NOT NULL,
	`body` text NOT NULL,
	`body_html` text,
	`image_url` text,
	`published_at` integer NOT NULL,
	`ingested_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`word_count` integer NOT NULL,
	`content_hash` text NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `articles_slug_uq` ON `articles` (`slug`);--> statement-breakpoint
CREATE INDEX `articles_published_idx` ON `articles` (`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `articles_source_published_idx` ON `articles` (`source_id`,`published_at`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `articles_source_guid_uq` ON `articles` (`source_id`,`guid`);--> statement-breakpoint
CREATE INDEX `articles_url_idx` ON `articles` (`url`);--> statement-breakpoint
CREATE INDEX `articles_content_hash_idx` ON `articles` (`content_hash`);--> statement-breakpoint
CREATE INDEX `articles_external_id_idx` ON `articles` (`external_id`);--> statement-breakpoint
CREATE TABLE `sources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`homepage` text,
	`feed_url` text,
	`attribution` text,
	`license_url` text,
	`full_text` integer DEFAULT false NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`etag` text,
	`last_modified` text,
	`last_fetched_at` integer,
	`next_fetch_at` integer,
	`failure_count` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_slug_uq` ON `sources` (`slug`);--> statement-breakpoint
CREATE INDEX `sources_feed_url_idx` ON `sources` (`feed_url`);--> statement-breakpoint
CREATE TABLE `tags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tags_slug_uq` ON `tags` (`slug`);