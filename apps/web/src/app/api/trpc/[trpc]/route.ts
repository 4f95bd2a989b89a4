import { appRouter, createTRPCContext, publicUrl } from "@boardwatch/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

// Session cookies are SameSite=Lax already; refusing foreign origins on mutations closes CSRF for old browsers
// and for same-site subdomains as well.
function isForeignOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  return req.method !== "GET" && origin !== null && origin !== new URL(publicUrl).origin && origin !== new URL(req.url).origin;
}

function handler(req: Request) {
  if (isForeignOrigin(req)) {
    return Response.json({ error: { message: "cross-origin request refused" } }, { status: 403 });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: req.headers }),
  });
}

export { handler as GET, handler as POST };
