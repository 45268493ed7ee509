#!/usr/bin/env python3
"""Writes the corpus clusters that come from other projects' files, so that how each file was
obtained can be reviewed and redone:

- crunchy-pgo: the expected file texts of the subtests of TestCreatePGBackRestConfigMapIntent
  in internal/pgbackrest/config_test.go (CrunchyData/postgres-operator), taken as the test
  compares them: the raw strings joined, `domain` replaced by what the test gets outside a
  Kubernetes cluster ("cluster.local."), trimmed of tabs and line feeds, one line feed added.
- canonical-charm: templates/pgbackrest.conf.j2 (canonical/postgresql-operator) rendered with
  Jinja2 as src/backups.py renders it (jinja2.Template, default settings), once per unit of a
  3-unit cluster, with the values in CANONICAL below.
- autobase: automation/roles/pgbackrest/templates/*.j2 (vitabaks/autobase) rendered with Jinja2
  as Ansible's template module does (trim_blocks, trailing line feed kept), with the role's
  variables from automation/roles/common/defaults/main.yml and
  automation/roles/pgbackrest/tasks/auto_conf.yml and the inventory values in AUTOBASE below.

Usage:
    python3 tests/corpus/from_sources.py --pgo DIR --canonical DIR --autobase DIR

Each DIR is a clone (bare is fine) of that repository holding the commit pinned below. Files
are written under tests/corpus/<source>/<cluster>/<host>/ beside this script; expected.txt is
left alone (crates/pgbr-core/tests/corpus.rs writes it).
"""

import argparse
import os
import re
import subprocess

import jinja2
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))

PGO_COMMIT = "0fbac3062d649b2b5fadde4e00f17bad250c0052"
CANONICAL_COMMIT = "9251d5db4504081ba906c71056c6abae9981ba18"
AUTOBASE_COMMIT = "d10e67554fff1bf1de7e2f8559aaf97c4569a59d"


def git_show(git_dir, commit, path):
    if os.path.isdir(os.path.join(git_dir, ".git")):
        git_dir = os.path.join(git_dir, ".git")
    return subprocess.run(
        ["git", "--git-dir", git_dir, "show", "%s:%s" % (commit, path)],
        check=True,
        capture_output=True,
    ).stdout.decode()


def write(source, cluster, host, name, text):
    path = os.path.join(HERE, source, cluster, host, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    print(os.path.relpath(path, HERE))


# crunchy-pgo ---------------------------------------------------------------------------------

# What KubernetesClusterDomain returns outside a cluster (internal/naming/dns.go).
PGO_DOMAIN = "cluster.local."
PGO_INSTANCE = "some-instance-0.pod-service-name.test-ns.svc." + PGO_DOMAIN
PGO_REPO_HOST = "repo-hostname-0.pod-service-name.test-ns.svc." + PGO_DOMAIN
# The ConfigMap keys, and where the cluster's pods read each one (internal/pgbackrest/config.go:
# every file is projected into /etc/pgbackrest/conf.d; the server file as
# ~postgres-operator_server.conf). Here the instance, repository and cloud files are each their
# pod's pgbackrest.conf; the server file stays an include beside it on the pods that run a TLS
# server (the instance and the repository host).
PGO_CLUSTERS = [
    # (cluster, subtest, [(host folder, ConfigMap key, file name in the folder)])
    (
        "volume-repo",
        "VolumeRepoPresentNoCloudRepo",
        [
            (PGO_INSTANCE, "pgbackrest_instance.conf", "pgbackrest.conf"),
            (PGO_INSTANCE, "pgbackrest-server.conf", "conf.d/~postgres-operator_server.conf"),
            (PGO_REPO_HOST, "pgbackrest_repo.conf", "pgbackrest.conf"),
            (PGO_REPO_HOST, "pgbackrest-server.conf", "conf.d/~postgres-operator_server.conf"),
        ],
    ),
    (
        "cloud-repo",
        "CloudRepoPresentNoVolumeRepo",
        [
            (PGO_INSTANCE, "pgbackrest_instance.conf", "pgbackrest.conf"),
            (PGO_INSTANCE, "pgbackrest-server.conf", "conf.d/~postgres-operator_server.conf"),
            ("backup-job", "pgbackrest_cloud.conf", "pgbackrest.conf"),
        ],
    ),
    (
        "repo-host-and-cloud-repos",
        "DedicatedRepoHostAndCloudRepos",
        [
            (PGO_INSTANCE, "pgbackrest_instance.conf", "pgbackrest.conf"),
            (PGO_INSTANCE, "pgbackrest-server.conf", "conf.d/~postgres-operator_server.conf"),
            (PGO_REPO_HOST, "pgbackrest_repo.conf", "pgbackrest.conf"),
            (PGO_REPO_HOST, "pgbackrest-server.conf", "conf.d/~postgres-operator_server.conf"),
            ("backup-job", "pgbackrest_cloud.conf", "pgbackrest.conf"),
        ],
    ),
]


def go_trim_expression(text, start):
    """The value of strings.Trim(`...`[+domain+`...`]..., "\\t\\n") starting at `start` (just
    after "strings.Trim("), and where it ends."""
    pos = start
    value = ""
    while True:
        if text[pos] != "`":
            raise ValueError("expected a raw string at %d" % pos)
        end = text.index("`", pos + 1)
        value += text[pos + 1 : end]
        pos = end + 1
        if text.startswith("+domain+", pos):
            value += PGO_DOMAIN
            pos += len("+domain+")
            continue
        if text.startswith(', "\\t\\n")', pos):
            return value.strip("\t\n"), pos + len(', "\\t\\n")')
        raise ValueError("unexpected text at %d: %r" % (pos, text[pos : pos + 20]))


def pgo_expected(test_source, subtest):
    """ConfigMap key -> expected text, as subtest asserts it of `configmap`."""
    begin = test_source.index('t.Run("%s"' % subtest)
    end = test_source.find("\tt.Run(", begin + 1)
    body = test_source[begin : end if end != -1 else len(test_source)]
    named = {}
    for m in re.finditer(r"(\w+) := strings\.Trim\(", body):
        named[m.group(1)], _ = go_trim_expression(body, m.end())
    out = {}
    pattern = r'assert\.Equal\(t, configmap\.Data\["([^"]+)"\], (strings\.Trim\(|(\w+)\+"\\n"\))'
    for m in re.finditer(pattern, body):
        key = m.group(1)
        if m.group(3):
            out[key] = named[m.group(3)] + "\n"
        else:
            value, after = go_trim_expression(body, m.end())
            if not body.startswith('+"\\n"', after):
                raise ValueError("%s %s: expected +\"\\n\"" % (subtest, key))
            out[key] = value + "\n"
    return out


def pgo(git_dir):
    source = git_show(git_dir, PGO_COMMIT, "internal/pgbackrest/config_test.go")
    for cluster, subtest, files in PGO_CLUSTERS:
        expected = pgo_expected(source, subtest)
        for host, key, name in files:
            write("crunchy-pgo", cluster, host, name, expected[key])


# canonical-charm -----------------------------------------------------------------------------

# A 3-unit cluster: model "prod", application "postgresql" (stanza_name is
# "<model>.<cluster_name>", cluster_name the application's name), units at these addresses,
# 4 CPUs each (process_max = max(cpu_count - 2, 1)), an S3 integrator giving bucket, region,
# path and keys (the keys are AWS's documented example pair); endpoint, s3-uri-style and
# delete-older-than-days are the charm's defaults (_retrieve_s3_parameters), no TLS CA chain.
# peer_endpoints is a set in the charm, so its order is not fixed: here it is sorted.
CANONICAL_UNITS = ["10.10.0.11", "10.10.0.12", "10.10.0.13"]
CANONICAL = {
    "path": "/postgresql",
    "data_path": "/var/snap/charmed-postgresql/common/var/lib/postgresql",
    "log_path": "/var/snap/charmed-postgresql/common/var/log/pgbackrest",
    "region": "us-east-1",
    "endpoint": "https://s3.amazonaws.com",
    "bucket": "pg-backups",
    "s3_uri_style": "host",
    "tls_ca_chain": "",
    "access_key": "AKIAIOSFODNN7EXAMPLE",
    "secret_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "stanza": "prod.postgresql",
    "storage_path": "/var/snap/charmed-postgresql/common",
    "user": "backup",
    "retention_full": "9999999",
    "process_max": 2,
}


def canonical(git_dir):
    template = jinja2.Template(git_show(git_dir, CANONICAL_COMMIT, "templates/pgbackrest.conf.j2"))
    for cluster, tls in (("three-units", False), ("three-units-tls", True)):
        for unit in CANONICAL_UNITS:
            peers = sorted(u for u in CANONICAL_UNITS if u != unit)
            text = template.render(enable_tls=tls and len(peers) > 0, peer_endpoints=peers, **CANONICAL)
            write("canonical-charm", cluster, unit, "pgbackrest.conf", text)


# autobase ------------------------------------------------------------------------------------

# The inventory of automation/inventory.example with its example addresses filled in: master
# 10.128.64.140, replicas 10.128.64.142 and .143 (each host's bind_address its address), a
# dedicated repository host 10.128.64.110 in [pgbackrest]; Debian, PostgreSQL 18 (the role's
# default), 4 vCPUs; for AWS the bucket region us-east-1 and AWS's documented example keys.
AUTOBASE_NODES = ["10.128.64.140", "10.128.64.142", "10.128.64.143"]
AUTOBASE_REPO_HOST = "10.128.64.110"
AUTOBASE_VARS = {
    "patroni_cluster_name": "postgres-cluster",
    "postgresql_version": 18,
    "postgresql_port": 5432,
    "postgresql_home_dir": "/var/lib/postgresql",
    "postgresql_unix_socket_dir": "/var/run/postgresql",
    "pgbackrest_conf_file": "/etc/pgbackrest/pgbackrest.conf",
    "ansible_processor_vcpus": 4,
}


def ansible_env():
    env = jinja2.Environment(trim_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters["dirname"] = os.path.dirname
    # lookup('ansible.builtin.env', ...) is only an argument of default() here, for values that
    # are given; Jinja evaluates it all the same.
    env.globals["lookup"] = lambda *args: ""
    return env


def render_value(env, value, variables):
    if isinstance(value, str) and "{{" in value:
        return env.from_string(value).render(**variables)
    return value


def render_conf(env, conf, variables):
    return {
        part: [
            {"option": item["option"], "value": render_value(env, item["value"], variables)}
            for item in conf.get(part, [])
        ]
        for part in ("global", "stanza")
    }


def autobase(git_dir):
    root = "automation/roles/"
    env = ansible_env()
    defaults = yaml.safe_load(git_show(git_dir, AUTOBASE_COMMIT, root + "common/defaults/main.yml"))
    auto_conf = yaml.safe_load(git_show(git_dir, AUTOBASE_COMMIT, root + "pgbackrest/tasks/auto_conf.yml"))
    conf_t = env.from_string(git_show(git_dir, AUTOBASE_COMMIT, root + "pgbackrest/templates/pgbackrest.conf.j2"))
    server_t = env.from_string(
        git_show(git_dir, AUTOBASE_COMMIT, root + "pgbackrest/templates/pgbackrest.server.conf.j2")
    )
    stanza_t = env.from_string(
        git_show(git_dir, AUTOBASE_COMMIT, root + "pgbackrest/templates/pgbackrest.server.stanza.conf.j2")
    )
    hosts = {h: {"bind_address": h} for h in AUTOBASE_NODES + [AUTOBASE_REPO_HOST]}
    groups = {"postgres_cluster": AUTOBASE_NODES, "pgbackrest": [AUTOBASE_REPO_HOST]}

    # aws-s3: cloud_provider=aws, so auto_conf.yml's AWS task sets pgbackrest_conf; with three
    # nodes it sets backup-standby=y and the template lists the other nodes as pg2, pg3 (SSH).
    aws_task = next(t for t in auto_conf if t.get("when") == "cloud_provider | default('') | lower == 'aws'")
    variables = dict(
        AUTOBASE_VARS,
        cloud_provider="aws",
        postgresql_data_dir="/pgdata/18/main",
        server_location="us-east-1",
        aws_s3_bucket_region="us-east-1",
        pgbackrest_s3_key="AKIAIOSFODNN7EXAMPLE",
        pgbackrest_s3_key_secret="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        groups=groups,
        hostvars=hosts,
    )
    conf = render_conf(env, aws_task["ansible.builtin.set_fact"]["pgbackrest_conf"], variables)
    variables["pgbackrest_stanza"] = render_value(env, defaults["pgbackrest_stanza"], variables)
    for node in AUTOBASE_NODES:
        text = conf_t.render(pgbackrest_conf=conf, inventory_hostname=node, **variables)
        write("autobase", "aws-s3", node, "pgbackrest.conf", text)

    # dedicated-repo-host: the defaults' posix repository on pgbackrest_repo_host; the role's
    # pre-checks (roles/pre_checks/tasks/pgbackrest.yml) append repo1-host and repo1-host-user
    # to pgbackrest_conf.global. The repository host gets pgbackrest.server.conf.j2 as its
    # pgbackrest.conf and pgbackrest.server.stanza.conf.j2 as conf.d/<stanza>.conf.
    variables = dict(
        AUTOBASE_VARS,
        postgresql_data_dir="/var/lib/postgresql/18/main",
        pgbackrest_repo_type="posix",
        pgbackrest_repo_host=AUTOBASE_REPO_HOST,
        pgbackrest_repo_user="postgres",
        groups=groups,
        hostvars=hosts,
    )
    variables["pgbackrest_stanza"] = render_value(env, defaults["pgbackrest_stanza"], variables)
    conf = render_conf(env, defaults["pgbackrest_conf"], variables)
    conf["global"] = [
        item for item in conf["global"] if item["option"] not in ("repo1-host", "repo1-host-user")
    ] + [
        {"option": "repo1-host", "value": AUTOBASE_REPO_HOST},
        {"option": "repo1-host-user", "value": "postgres"},
    ]
    for node in AUTOBASE_NODES:
        text = conf_t.render(pgbackrest_conf=conf, inventory_hostname=node, **variables)
        write("autobase", "dedicated-repo-host", node, "pgbackrest.conf", text)
    server_conf = render_conf(env, defaults["pgbackrest_server_conf"], variables)
    text = server_t.render(pgbackrest_server_conf=server_conf, inventory_hostname=AUTOBASE_REPO_HOST, **variables)
    write("autobase", "dedicated-repo-host", AUTOBASE_REPO_HOST, "pgbackrest.conf", text)
    text = stanza_t.render(inventory_hostname=AUTOBASE_REPO_HOST, **variables)
    name = "conf.d/%s.conf" % variables["pgbackrest_stanza"]
    write("autobase", "dedicated-repo-host", AUTOBASE_REPO_HOST, name, text)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pgo", help="a clone of CrunchyData/postgres-operator")
    parser.add_argument("--canonical", help="a clone of canonical/postgresql-operator")
    parser.add_argument("--autobase", help="a clone of vitabaks/autobase")
    args = parser.parse_args()
    if args.pgo:
        pgo(args.pgo)
    if args.canonical:
        canonical(args.canonical)
    if args.autobase:
        autobase(args.autobase)


if __name__ == "__main__":
    main()
