-- Full-text search on PostgreSQL: the counterpart of SQLite's 0003_search_fts.sql (FTS5, tokenizer
-- 'porter unicode61 remove_diacritics 2'). db/queries/search-postgres.ts queries what this makes.
--
-- The text search configuration `tidings_search` comes as close to that tokenizer as PostgreSQL gets:
--   * unaccent first (a filtering dictionary), then English Snowball stemming: diacritics are folded
--     and words stemmed, as remove_diacritics 2 + porter do. Snowball is Porter2, FTS5's is Porter1:
--     a few words conflate differently.
--   * no stop words: FTS5 indexes every word, so "the" is searchable and a phrase keeps its positions.
--   * hyphenated compounds ("fat-cat", "48-hour") are not indexed as a whole: FTS5 sees two words, and
--     the whole would take a position of its own and break the phrase "begin 48".
-- unaccent is a trusted extension (PostgreSQL 13+): a database owner may create it without superuser.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE TEXT SEARCH DICTIONARY tidings_english_stem (TEMPLATE = snowball, LANGUAGE = english);
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION tidings_search (COPY = english);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION tidings_search
  ALTER MAPPING FOR asciiword, word, numword, hword_asciipart, hword_part, hword_numpart
  WITH unaccent, tidings_english_stem;
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION tidings_search DROP MAPPING FOR asciihword, hword, numhword;
--> statement-breakpoint
-- A stored, weighted vector kept by the database itself, so every write path (seed, ingest, edits,
-- restores) indexes without knowing the index exists, as 0003's triggers do on SQLite. Title is weight
-- A, body weight D (bm25 weights 4 and 1 there; the ranking weights are in search-postgres.ts).
-- ASCII punctuation becomes a space first: unicode61 splits on it, while PostgreSQL's parser would keep
-- "example.com", "3.14" or "a@b.org" as one token, and would drop "<b>" as an HTML tag. (translate(),
-- not a regular expression: the same on every server, whatever its locale.) The snippet query maps the
-- same characters for ts_headline, so it sees the words this index holds.
-- The body is cut at 300,000 characters: a tsvector may not exceed 1 MB, and an article of random
-- words that long would otherwise make its insert fail. Positions stop at 16,383 anyway.
ALTER TABLE "articles" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('tidings_search'::regconfig,
    translate("title", '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'A')
  || setweight(to_tsvector('tidings_search'::regconfig,
    translate(left("body", 300000), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'D')
) STORED;
--> statement-breakpoint
CREATE INDEX "articles_search_idx" ON "articles" USING gin ("search_vector");
