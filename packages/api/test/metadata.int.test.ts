import { encodeRemoteWrite } from "@boardwatch/exposition";
import { describe, expect, it } from "vitest";
import { ingestRemoteWrite, metricMetadata } from "../src";
import { db, tenantWithPeople } from "./fixtures";

const tenantIdOf = async () => (await db.tenant.findUniqueOrThrow({ where: { slug: (await tenantWithPeople()).slug } })).id;

describe("/api/v1/metadata", () => {
  it("answers the metadata remote writers sent, per tenant, as Prometheus shapes it", async () => {
    const mine = await tenantIdOf();
    const theirs = await tenantIdOf();
    // Prometheus sends metadata in requests of their own, without samples.
    const body = encodeRemoteWrite({
      timeseries: [],
      metadata: [
        { type: "counter", metricFamilyName: "http_requests_total", help: "Requests served.", unit: "" },
        { type: "gauge", metricFamilyName: "node_thermal_zone_temp", help: "Zone temperature in Celsius", unit: "celsius" },
      ],
    });
    await ingestRemoteWrite(mine, body);
    await ingestRemoteWrite(mine, body); // repeated every minute: nothing changes
    expect(await metricMetadata(mine, new URLSearchParams())).toEqual({
      data: {
        http_requests_total: [{ type: "counter", help: "Requests served.", unit: "" }],
        node_thermal_zone_temp: [{ type: "gauge", help: "Zone temperature in Celsius", unit: "celsius" }],
      },
    });
    expect(await metricMetadata(mine, new URLSearchParams({ metric: "node_thermal_zone_temp", limit_per_metric: "1" }))).toEqual({
      data: { node_thermal_zone_temp: [{ type: "gauge", help: "Zone temperature in Celsius", unit: "celsius" }] },
    });
    expect(Object.keys((await metricMetadata(mine, new URLSearchParams({ limit: "1" }))).data as object)).toEqual(["http_requests_total"]);
    expect(await metricMetadata(theirs, new URLSearchParams())).toEqual({ data: {} });
  });

  it("refuses bad limits, naming the parameter", async () => {
    const tenant = await tenantIdOf();
    await expect(metricMetadata(tenant, new URLSearchParams({ limit: "ten" }))).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining('"limit"') });
    await expect(metricMetadata(tenant, new URLSearchParams({ limit_per_metric: "-1" }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining('"limit_per_metric"'),
    });
  });
});
