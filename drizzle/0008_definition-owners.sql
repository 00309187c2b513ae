CREATE TABLE "definition_owners" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_code" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Definitions published before owners existed: owned by the jurisdiction of the user who published their first version, else the nation.
INSERT INTO "definition_owners" ("id", "owner_code", "created_by")
SELECT d."id", coalesce(u."jurisdiction_code", '100000'), d."published_by"
FROM "definitions" d LEFT JOIN "users" u ON d."published_by" = u."name" || '#' || u."id"
WHERE d."version" = 1
ON CONFLICT ("id") DO NOTHING;