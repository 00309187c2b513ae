ALTER TABLE "api_idempotency" ADD COLUMN "first_use" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "request_hash" text;--> statement-breakpoint
CREATE INDEX "events_caller_key_idx" ON "events" USING btree ("idempotency_key") WHERE idempotency_key like 'user:%';