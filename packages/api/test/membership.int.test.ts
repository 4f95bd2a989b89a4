import { describe, expect, it } from "vitest";
import { signedInCaller, tenantWithPeople } from "./fixtures";

const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!;

describe("memberships and invitations", () => {
  it("an invitation link works once, only for the invited address", async () => {
    const { owner, slug } = await tenantWithPeople();
    const invitee = await signedInCaller("invitee");
    const stranger = await signedInCaller("stranger");
    const inv = await owner.caller.invitation.create({ tenant: slug, email: invitee.email, role: "EDITOR" });
    await expect(stranger.caller.invitation.accept({ token: tokenOf(inv.url) })).rejects.toThrow(/this invitation is for/);
    expect(await invitee.caller.invitation.preview({ token: tokenOf(inv.url) })).toMatchObject({ role: "EDITOR", tenant: { slug } });
    expect(await invitee.caller.invitation.accept({ token: tokenOf(inv.url) })).toMatchObject({ role: "EDITOR" });
    await expect(invitee.caller.invitation.accept({ token: tokenOf(inv.url) })).rejects.toThrow(/invalid, expired or already used/);
    expect((await invitee.caller.tenant.list()).map((t) => t.slug)).toContain(slug);
  });

  it("a revoked invitation stops working", async () => {
    const { owner, slug } = await tenantWithPeople();
    const invitee = await signedInCaller("late");
    const inv = await owner.caller.invitation.create({ tenant: slug, email: invitee.email, role: "VIEWER" });
    await owner.caller.invitation.revoke({ tenant: slug, invitationId: inv.id });
    await expect(invitee.caller.invitation.accept({ token: tokenOf(inv.url) })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("admins manage members but only owners touch ownership, and the last owner stays", async () => {
    const { owner, viewer, slug } = await tenantWithPeople();
    const admin = await signedInCaller("admin");
    const inv = await owner.caller.invitation.create({ tenant: slug, email: admin.email, role: "ADMIN" });
    await admin.caller.invitation.accept({ token: tokenOf(inv.url) });
    const members = await owner.caller.member.list({ tenant: slug });
    const byEmail = (e: string) => members.find((m) => m.email === e)!;

    expect(await admin.caller.member.changeRole({ tenant: slug, membershipId: byEmail(viewer.email).id, role: "EDITOR" })).toMatchObject({ role: "EDITOR" });
    await expect(admin.caller.member.changeRole({ tenant: slug, membershipId: byEmail(viewer.email).id, role: "OWNER" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.caller.member.remove({ tenant: slug, membershipId: byEmail(owner.email).id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.caller.invitation.create({ tenant: slug, email: "x@example.test", role: "OWNER" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(owner.caller.member.changeRole({ tenant: slug, membershipId: byEmail(owner.email).id, role: "ADMIN" })).rejects.toThrow(/at least one owner/);

    const audit = await owner.caller.audit.list({ tenant: slug });
    expect(audit.find((e) => e.action === "member.role_change")).toMatchObject({ actor: admin.email, target: viewer.email, metadata: { from: "VIEWER", to: "EDITOR" } });
    await expect(admin.caller.audit.list({ tenant: slug })).resolves.toBeInstanceOf(Array);
    await expect(viewer.caller.audit.list({ tenant: slug })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
