-- Each user's one token moves to the tokens table before the column goes.
INSERT INTO "tokens" ("user_id", "hash", "label", "created_at") SELECT "id", "token_hash", 'first token', "created_at" FROM "users";--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_token_hash_unique";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "token_hash";