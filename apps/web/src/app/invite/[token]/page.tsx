import { auth } from "@boardwatch/api";
import Link from "next/link";
import { headers } from "next/headers";
import { AcceptInvitation } from "@/components/accept-invitation";

export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const session = await auth.api.getSession({ headers: await headers() });
  const next = encodeURIComponent(`/invite/${token}`);
  return (
    <div className="card auth-card">
      <h1>Join a tenant on Boardwatch</h1>
      {session ? (
        <AcceptInvitation token={token} />
      ) : (
        <p>
          <Link href={`/login?next=${next}`}>Sign in</Link> or <Link href={`/signup?next=${next}`}>create an account</Link> with the
          address this invitation was sent to, then come back to accept it.
        </p>
      )}
    </div>
  );
}
