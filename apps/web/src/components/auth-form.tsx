"use client";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/lib/auth-client";
import { ErrorAlert } from "./alert";

/** Sign-in and sign-up share one form; sign-up adds the name field. */
export function AuthForm({ mode }: { mode: "login" | "signup" }) {
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNext(params.get("next"));
  const [error, setError] = useState<{ message: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(form: FormData) {
    setPending(true);
    setError(null);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    const result =
      mode === "login"
        ? await authClient.signIn.email({ email, password })
        : await authClient.signUp.email({ email, password, name: String(form.get("name") ?? "") });
    setPending(false);
    if (result.error) {
      setError({ message: result.error.message ?? result.error.statusText ?? "request failed" });
      return;
    }
    router.push(next);
  }

  const other = mode === "login" ? "/signup" : "/login";
  const query = params.toString() ? `?${params.toString()}` : "";
  return (
    <div className="card auth-card">
      <h1>{mode === "login" ? "Sign in to Boardwatch" : "Create your Boardwatch account"}</h1>
      <form className="stack" action={submit}>
        {mode === "signup" && (
          <label>
            Name
            <input name="name" required autoComplete="name" />
          </label>
        )}
        <label>
          Email
          <input name="email" type="email" required autoComplete="email" defaultValue={params.get("email") ?? ""} />
        </label>
        <label>
          Password
          <input name="password" type="password" required minLength={mode === "signup" ? 10 : undefined} autoComplete={mode === "login" ? "current-password" : "new-password"} />
        </label>
        <ErrorAlert error={error} />
        <button type="submit" disabled={pending}>
          {mode === "login" ? "Sign in" : "Create account"}
        </button>
      </form>
      <p className="muted">
        {mode === "login" ? "No account yet? " : "Already have an account? "}
        <Link href={`${other}${query}`}>{mode === "login" ? "Create one" : "Sign in"}</Link>
      </p>
    </div>
  );
}

// Only same-site paths, so a crafted link cannot send a fresh session elsewhere.
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}
