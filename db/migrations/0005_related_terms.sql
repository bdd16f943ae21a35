CREATE TABLE `related_docs` (
	`article_id` integer PRIMARY KEY NOT NULL,
	`length` integer NOT NULL,
	`terms` blob NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `related_postings` (
	`article_id` integer NOT NULL,
	`term_id` integer NOT NULL,
	`impact` real NOT NULL,
	PRIMARY KEY(`article_id`, `term_id`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `related_postings_term_impact_idx` ON `related_postings` (`term_id`,`impact`);--> statement-breakpoint
CREATE TABLE `related_stats` (
	`id` integer PRIMARY KEY NOT NULL,
	`docs` integer NOT NULL,
	`total_length` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `related_terms` (
	`id` integer PRIMARY KEY NOT NULL,
	`term` text NOT NULL,
	`df` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `related_terms_term_uq` ON `related_terms` (`term`);