// drizzle-kit: migrations are generated from engine/store/schema.ts into drizzle/
// and committed. `npx drizzle-kit generate` needs no database.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './engine/store/schema.ts',
  out: './drizzle',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
});
