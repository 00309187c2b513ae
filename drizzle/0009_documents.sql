CREATE TABLE "document_counters" (
	"issuer_code" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "document_counters_issuer_code_year_pk" PRIMARY KEY("issuer_code","year")
);
--> statement-breakpoint
CREATE TABLE "document_issuers" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "issued_documents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"issuer_code" text NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"document_key" text NOT NULL,
	"title" text NOT NULL,
	"campaign_id" bigint,
	"instance_id" bigint,
	"issued_by" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "document_counters" ADD CONSTRAINT "document_counters_issuer_code_document_issuers_code_fk" FOREIGN KEY ("issuer_code") REFERENCES "public"."document_issuers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_issuers" ADD CONSTRAINT "document_issuers_code_jurisdictions_code_fk" FOREIGN KEY ("code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issued_documents" ADD CONSTRAINT "issued_documents_issuer_code_document_issuers_code_fk" FOREIGN KEY ("issuer_code") REFERENCES "public"."document_issuers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issued_documents" ADD CONSTRAINT "issued_documents_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issued_documents" ADD CONSTRAINT "issued_documents_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "issued_documents_seq_idx" ON "issued_documents" USING btree ("issuer_code","year","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "issued_documents_key_idx" ON "issued_documents" USING btree ("document_key");