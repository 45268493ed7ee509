// designFields(): core's description of the design format (pgbr_core::fields::describe), as
// the JS API hands it to a face that renders its forms from data.
import assert from "node:assert/strict";
import { test } from "node:test";
import api from "./pkg.mjs";

const byKey = (fields) => Object.fromEntries(fields.map((f) => [f.key, f]));

test("designFields() describes each group's fields in form order, at the default release", () => {
  const d = api.designFields();
  assert.equal(d.version, "2.57");
  assert.deepEqual(Object.keys(d), ["version", "cluster", "pooler", "tls", "repo-host", "repo", "common-global"]);
  assert.deepEqual(d.cluster.map((f) => f.key), ["stanza", "pgbackrest-version", "topology", "peer-order", "secrets"]);
  assert.deepEqual(d.pooler.map((f) => f.key), [
    "name", "host", "pg-path", "pg-port", "pg-socket-path", "pg-user", "pg-database", "zone", "pg-host-port", "pg-host-config", "pg-host-user",
  ]);
  assert.deepEqual(d.tls.map((f) => f.key), [
    "host-type", "ca-file", "cert-file", "key-file", "client-cert-file", "client-key-file", "server-address", "server-port", "auth-cn", "auth-stanzas",
  ]);
  assert.deepEqual(d["repo-host"].map((f) => f.key), ["host", "host-port", "host-config", "host-user"]);
  assert.deepEqual(d["common-global"], [
    "backup-standby", "compress-type", "process-max", "start-fast", "delta", "archive-async", "log-level-console", "log-level-file", "spool-path",
  ]);
});

test("each field names the option it becomes, its label, help, kind and default", () => {
  const d = api.designFields();
  const pooler = byKey(d.pooler);
  assert.deepEqual(pooler.host, {
    key: "host", option: "pg-host", written: "pgN-host", label: "Host",
    help: "How the other hosts reach this one; must match its TLS certificate.", kind: "text",
  });
  assert.deepEqual(pooler.name, { key: "name", label: "Name", help: "Names the pooler's folder in the output.", kind: "text" });
  assert.equal(pooler["pg-port"].kind, "number");
  assert.equal(pooler["pg-port"].default, "5432");
  assert.equal(pooler["pg-path"].default, "/var/lib/postgresql/data");
  const tls = byKey(d.tls);
  assert.deepEqual(tls["server-port"], {
    key: "server-port", option: "tls-server-port", written: "tls-server-port", label: "Server port",
    help: "tls-server-port, the same on every host unless a host sets its own.", kind: "number", default: "8432",
  });
  assert.deepEqual(tls["host-type"].choices, [
    { value: "tls", label: "TLS (pgBackRest's own server)" },
    { value: "ssh", label: "SSH" },
  ]);
  assert.equal(tls["ca-file"].written, "pgN-host-ca-file");
  const repoHost = byKey(d["repo-host"]);
  assert.equal(repoHost["host-port"].written, "repoN-host-port");
  assert.equal(repoHost["host-user"].default, "pgbackrest");
  const cluster = byKey(d.cluster);
  assert.equal(cluster.topology.kind, "choice");
  assert.deepEqual(cluster.topology.choices.map((c) => c.value), ["pooler", "repo-host"]);
  assert.equal(cluster.topology.default, "pooler");
  assert.equal(cluster.secrets.default, "env-file");
  const versions = cluster["pgbackrest-version"].choices;
  assert.deepEqual(versions[0], { value: "2.37", label: "pgBackRest 2.37" });
  assert.deepEqual(versions.at(-1), { value: "2.60", label: "pgBackRest 2.60" });
  assert.equal(cluster["pgbackrest-version"].default, "2.57");
});

test("repository option keys follow the type and the release", () => {
  const at = (version) => Object.fromEntries(api.designFields(version).repo.map((r) => [r.type, r.options]));
  const r60 = at("2.60");
  assert.deepEqual(Object.keys(r60), ["posix", "s3", "gcs", "azure", "sftp", "cifs"]);
  assert.deepEqual(r60.s3, [
    "path", "retention-full", "retention-full-type", "retention-diff", "retention-archive", "bundle", "block", "cipher-type", "cipher-pass",
    "hardlink", "s3-bucket", "s3-endpoint", "s3-key", "s3-key-secret", "s3-key-type", "s3-kms-key-id", "s3-process-cmd", "s3-region",
    "s3-requester-pays", "s3-role", "s3-service", "s3-sse-customer-key", "s3-sts-host", "s3-token", "s3-uri-style", "storage-ca-file",
    "storage-ca-path", "storage-host", "storage-port", "storage-prefetch", "storage-read-over", "storage-tag", "storage-upload-chunk-size",
    "storage-verify-tls",
  ]);
  assert.deepEqual(r60.posix, [
    "path", "retention-full", "retention-full-type", "retention-diff", "retention-archive", "bundle", "block", "cipher-type", "cipher-pass",
    "hardlink", "symlink",
  ]);
  // repo-bundle and repo-block came in 2.39 and 2.45, repo-symlink in 2.57: a 2.38 form offers none.
  const d38 = api.designFields("2.38");
  assert.equal(d38.version, "2.38");
  assert.deepEqual(at("2.38").cifs, [
    "path", "retention-full", "retention-full-type", "retention-diff", "retention-archive", "cipher-type", "cipher-pass", "hardlink",
  ]);
});

test("designFields() reads a version as optionCatalog() does", () => {
  assert.equal(api.designFields("2.45.1").version, "2.45");
  assert.equal(api.designFields(null).version, "2.57");
  assert.throws(() => api.designFields("2.x"), {
    name: "Error",
    message: `'2.x' is not a pgBackRest version; write it as major.minor, e.g. "2.57"`,
  });
  assert.throws(() => api.optionCatalog("2.x"), { message: `'2.x' is not a pgBackRest version; write it as major.minor, e.g. "2.57"` });
});
