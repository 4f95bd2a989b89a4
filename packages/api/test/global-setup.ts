import { createTestDatabase } from "@boardwatch/db/testing";

// Runs before the test workers start, so the env below reaches every module they load.
export default async function setup() {
  const db = await createTestDatabase("api");
  process.env.DATABASE_URL = db.url;
  process.env.BOARDWATCH_SECRET = "test-secret-test-secret-test-secret-0123";
  process.env.BOARDWATCH_PUBLIC_URL = "http://localhost:3999";
  process.env.AUTH_LOGIN_RATE_LIMIT = "3";
  return () => db.drop();
}
