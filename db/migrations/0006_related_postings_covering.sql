DROP INDEX `related_postings_term_impact_idx`;--> statement-breakpoint
CREATE INDEX `related_postings_term_impact_idx` ON `related_postings` (`term_id`,`impact`,`article_id`);