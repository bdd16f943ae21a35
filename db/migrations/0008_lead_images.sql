ALTER TABLE `articles` ADD `image_width` integer;--> statement-breakpoint
ALTER TABLE `articles` ADD `image_height` integer;--> statement-breakpoint
ALTER TABLE `articles` ADD `image_alt` text;--> statement-breakpoint
ALTER TABLE `articles` ADD `image_credit` text;