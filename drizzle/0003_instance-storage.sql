-- Leave room on every page so updates of an instance stay HOT and never touch an
-- index (the indexed columns of an instance do not change after launch).
-- NOTE: the snapshot settings below move nothing out of line for today's snapshots
-- (~700 bytes): PostgreSQL starts toasting a row only past ~2 kB, whatever
-- toast_tuple_target says. They are kept so this migration stays as applied.
ALTER TABLE "instances" ALTER COLUMN "snapshot" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "instances" SET (toast_tuple_target = 128, fillfactor = 80);
