"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "./alert";

function slugify(name: string) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
}

export function CreateTenantForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const create = useMutation(
    trpc.tenant.create.mutationOptions({ onSuccess: (tenant) => router.push(`/t/${tenant.slug}`) }),
  );
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name, slug });
      }}
    >
      <label>
        Name
        <input
          name="name"
          value={name}
          required
          onChange={(e) => {
            setName(e.target.value);
            if (!slugEdited) setSlug(slugify(e.target.value));
          }}
        />
      </label>
      <label>
        URL slug
        <input
          name="slug"
          value={slug}
          required
          onChange={(e) => {
            setSlugEdited(true);
            setSlug(e.target.value);
          }}
        />
      </label>
      <ErrorAlert error={create.error} />
      <button type="submit" disabled={create.isPending}>
        Create tenant
      </button>
    </form>
  );
}
