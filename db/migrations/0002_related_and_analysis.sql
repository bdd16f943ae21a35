CREATE TABLE `article_analysis` (
	`article_id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`data` text NOT NULL,
	`analyzed_at` integer NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `article_related` (
	`article_id` integer NOT NULL,
	`related_id` integer NOT NULL,
	`rank` integer NOT NULL,
	`score` real NOT NULL,
	`same_story` integer DEFAULT false NOT NULL,
	`reasons` text DEFAULT '{}' NOT NULL,
	PRIMARY KEY(`article_id`, `related_id`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`related_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `article_related_rank_idx` ON `article_related` (`article_id`,`rank`);--> statement-breakpoint
CREATE INDEX `article_related_related_idx` ON `article_related` (`related_id`);