-- Keep the instances heap narrow, so the roll-up's scans read summary columns only:
-- a snapshot is stored out of line (uncompressed, in the TOAST table) once a row
-- passes 128 bytes, and pages keep room for HOT updates, which never touch an index
-- (the indexed columns of an instance do not change after launch).
ALTER TABLE "instances" ALTER COLUMN "snapshot" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "instances" SET (toast_tuple_target = 128, fillfactor = 80);
