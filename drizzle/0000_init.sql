CREATE TABLE "campaigns" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"definition_id" text NOT NULL,
	"definition_version" integer NOT NULL,
	"root_code" text NOT NULL,
	"launch_date" date NOT NULL,
	"dates" jsonb NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"origin_instance_id" bigint,
	"launched_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "definitions" (
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"title_zh" text NOT NULL,
	"title_en" text NOT NULL,
	"content" jsonb NOT NULL,
	"hash" text NOT NULL,
	"published_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "definitions_id_version_pk" PRIMARY KEY("id","version")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"instance_id" bigint NOT NULL,
	"campaign_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"idempotency_key" text,
	"result" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "instances" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" bigint NOT NULL,
	"jurisdiction_code" text NOT NULL,
	"level" text NOT NULL,
	"parent_id" bigint,
	"snapshot" jsonb NOT NULL,
	"xstate_version" text NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"phase" text NOT NULL,
	"phase_index" integer NOT NULL,
	"health" text NOT NULL,
	"escalation" integer DEFAULT -1 NOT NULL,
	"overdue_count" integer DEFAULT 0 NOT NULL,
	"tasks_done" integer DEFAULT 0 NOT NULL,
	"tasks_total" integer DEFAULT 0 NOT NULL,
	"reports_filed" integer DEFAULT 0 NOT NULL,
	"indicators" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"closed" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jurisdictions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" bigint NOT NULL,
	"instance_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "timers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" bigint NOT NULL,
	"instance_id" bigint,
	"levels" text[],
	"key" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"event" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"cursor" bigint DEFAULT 0 NOT NULL,
	"lease_until" timestamp with time zone,
	"fired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"jurisdiction_code" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_root_code_jurisdictions_code_fk" FOREIGN KEY ("root_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_origin_instance_id_instances_id_fk" FOREIGN KEY ("origin_instance_id") REFERENCES "public"."instances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_definition_id_definition_version_definitions_id_version_fk" FOREIGN KEY ("definition_id","definition_version") REFERENCES "public"."definitions"("id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_parent_id_instances_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."instances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jurisdictions" ADD CONSTRAINT "jurisdictions_parent_code_jurisdictions_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaigns_root_idx" ON "campaigns" USING btree ("root_code");--> statement-breakpoint
CREATE INDEX "campaigns_origin_idx" ON "campaigns" USING btree ("origin_instance_id");--> statement-breakpoint
CREATE UNIQUE INDEX "definitions_hash_idx" ON "definitions" USING btree ("id","hash");--> statement-breakpoint
CREATE UNIQUE INDEX "events_instance_seq_idx" ON "events" USING btree ("instance_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "events_idempotency_idx" ON "events" USING btree ("instance_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "events_campaign_idx" ON "events" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "instances_campaign_code_idx" ON "instances" USING btree ("campaign_id","jurisdiction_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "instances_parent_idx" ON "instances" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "instances_campaign_level_idx" ON "instances" USING btree ("campaign_id","level");--> statement-breakpoint
CREATE INDEX "jurisdictions_parent_idx" ON "jurisdictions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "jurisdictions_code_prefix_idx" ON "jurisdictions" USING btree ("code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "jurisdictions_name_idx" ON "jurisdictions" USING btree ("name");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("id") WHERE processed_at is null;--> statement-breakpoint
CREATE INDEX "timers_due_idx" ON "timers" USING btree ("due_at","id") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "timers_instance_key_idx" ON "timers" USING btree ("instance_id","key") WHERE instance_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "timers_campaign_key_idx" ON "timers" USING btree ("campaign_id","key") WHERE instance_id is null;