#!/usr/bin/env python3
"""Rebuilds each host's pgbackrest.conf as pgBackRest's user guide leaves it, per scenario.

The user guide (doc/xml/user-guide.xml in the pgbackrest repository) never prints a whole
file: its <backrest-config host=... file=...> blocks set options one step at a time, each
<backrest-config-option section=... key=...>VALUE</backrest-config-option> setting, adding to
(multi="y") or, empty or remove="y", removing one option, and reset="y" starting the file
anew. Variables ({[name]}) come from the guide's <variable-list>; `if` attributes decide which
elements count; <block id=X> inserts <block-define id=X> with its <block-variable-replace>
values. The guide is built twice: for Debian/Ubuntu (os-type=debian: remote hosts over SSH)
and for RHEL (os-type=rhel: over TLS).

This script walks the guide in document order, applies every step to an in-memory file per
(host, file), and after the top-level section that ends each scenario writes every host's
file as the guide shows it: sections sorted, keys sorted, one line per value, a blank line
between sections, without log-timestamp and log-level-stderr (the guide sets them only so its
own build's output is stable, and leaves them out of the file it shows).

Usage:
    python3 tests/corpus/user_guide.py PGBACKREST_GIT_DIR [OUT_DIR]

PGBACKREST_GIT_DIR is a clone (bare is fine) of the pgbackrest repository holding COMMIT;
OUT_DIR defaults to tests/corpus/pgbackrest-user-guide beside this script. Existing
<cluster>/<host>/pgbackrest.conf files of the scenarios are replaced; expected.txt is left
alone (crates/pgbr-core/tests/corpus.rs writes it).
"""

import copy
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

# The commit of pgbackrest/pgbackrest whose doc/xml/user-guide.xml was read.
COMMIT = "bd22b6809d308265e603ddd96f51559338fa90e2"

# Variables the guide's build gets from elsewhere: doc/manifest.xml (project-exe, ...) and, for
# host-pg1-ip, the address Docker gives the pg-primary container when the guide is built (no
# fixed value exists; this one is stated, see SOURCES.md).
BUILD_VARIABLES = {
    "project": "pgBackRest",
    "project-exe": "pgbackrest",
    "postgres": "PostgreSQL",
    "dash": "-",
    "dev": "n",
    "debug": "n",
    "host-pg1-ip": "172.17.0.2",
}

# (cluster folder, os-type, the top-level section after which the files are taken, hosts)
# hosts None means every host that has a file at that point.
SCENARIOS = [
    ("quick-start", "debian", "quickstart", None),
    ("multi-repo", "debian", "gcs-support", None),
    ("repo-host-ssh", "debian", "start-stop", None),
    ("repo-host-tls", "rhel", "start-stop", None),
    ("replication-ssh", "debian", "replication", None),
    ("multi-stanza-tls", "rhel", "multi-stanza", None),
    ("async-archiving-tls", "rhel", "async-archiving", None),
    ("standby-backup-ssh", "debian", "standby-backup", None),
    ("standby-backup-tls", "rhel", "standby-backup", None),
]

HIDDEN = ("log-level-stderr", "log-timestamp")

VAR_RE = re.compile(r"\{\[([A-Za-z0-9_-]+)\]\}")


class Condition:
    """A small parser for the guide's `if` expressions, after variables are replaced:
    `||`, `&&`, `!`, parentheses, 'a' eq 'b', 'a' ne 'b', and numeric > >= < <=."""

    TOKEN = re.compile(r"\s*('(?:[^']*)'|\|\||&&|!|\(|\)|>=|<=|>|<|\beq\b|\bne\b|-?\d+)")

    def __init__(self, text):
        self.text = text
        self.tokens = []
        pos = 0
        while pos < len(text):
            if text[pos:].strip() == "":
                break
            m = self.TOKEN.match(text, pos)
            if not m:
                raise ValueError("cannot read condition %r at %d" % (text, pos))
            self.tokens.append(m.group(1))
            pos = m.end()
        self.pos = 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self):
        tok = self.peek()
        self.pos += 1
        return tok

    def value(self):
        result = self.disjunction()
        if self.peek() is not None:
            raise ValueError("trailing %r in condition %r" % (self.peek(), self.text))
        return result

    def disjunction(self):
        result = self.conjunction()
        while self.peek() == "||":
            self.take()
            right = self.conjunction()
            result = result or right
        return result

    def conjunction(self):
        result = self.unary()
        while self.peek() == "&&":
            self.take()
            right = self.unary()
            result = result and right
        return result

    def unary(self):
        tok = self.peek()
        if tok == "!":
            self.take()
            return not self.unary()
        if tok == "(":
            self.take()
            result = self.disjunction()
            if self.take() != ")":
                raise ValueError("missing ) in condition %r" % self.text)
            return result
        left = self.take()
        op = self.take()
        right = self.take()
        if op in ("eq", "ne"):
            a, b = unquote(left), unquote(right)
            return (a == b) if op == "eq" else (a != b)
        a, b = int(left), int(right)
        return {">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b}[op]


def unquote(tok):
    if len(tok) < 2 or tok[0] != "'" or tok[-1] != "'":
        raise ValueError("expected a quoted string, got %r" % tok)
    return tok[1:-1]


class Guide:
    def __init__(self, root, os_type):
        self.root = root
        self.scopes = [dict(BUILD_VARIABLES)]
        self.fixed = {"os-type": os_type}
        self.blocks = {}
        # host -> file -> section -> key -> value or [values]
        self.files = {}
        self.snapshots = {}

    # Variables -------------------------------------------------------------------------------
    def lookup(self, name):
        if name in self.fixed:
            return self.fixed[name]
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        raise KeyError("variable {[%s]} is not defined" % name)

    def replace(self, text, depth=0):
        if depth > 50:
            raise ValueError("variables nest too deep in %r" % text)
        if text is None:
            return None
        out = VAR_RE.sub(lambda m: self.lookup(m.group(1)), text)
        return out if out == text else self.replace(out, depth + 1)

    def holds(self, element):
        cond = element.get("if")
        return cond is None or Condition(self.replace(cond)).value()

    def define_variables(self, variable_list):
        for v in variable_list.findall("variable"):
            if v.get("eval") == "y" or not self.holds(v):
                continue
            self.scopes[0][v.get("key")] = (v.text or "").strip()

    # Walking ---------------------------------------------------------------------------------
    def run(self, snapshot_after):
        for child in self.root:
            if child.tag == "variable-list":
                self.define_variables(child)
            elif child.tag == "block-define":
                if self.holds(child):
                    self.blocks[child.get("id")] = child
            elif child.tag == "section":
                if self.holds(child):
                    self.walk(child)
                section_id = child.get("id")
                if section_id in snapshot_after:
                    self.snapshots[section_id] = copy.deepcopy(self.files)

    def walk(self, element):
        for child in element:
            if not self.holds(child):
                continue
            if child.tag == "block":
                self.insert_block(child)
            elif child.tag == "backrest-config":
                self.apply(child)
            else:
                self.walk(child)

    def insert_block(self, block):
        define = self.blocks[block.get("id")]
        scope = {}
        for r in block.findall("block-variable-replace"):
            scope[r.get("key")] = self.replace((r.text or "").strip())
        self.scopes.append(scope)
        self.walk(define)
        self.scopes.pop()

    def apply(self, config):
        host = self.replace(config.get("host"))
        name = self.replace(config.get("file"))
        host_files = self.files.setdefault(host, {})
        if config.get("reset") == "y":
            host_files.pop(name, None)
        sections = host_files.setdefault(name, {})
        for option in config.findall("backrest-config-option"):
            if not self.holds(option):
                continue
            section = self.replace(option.get("section"))
            key = self.replace(option.get("key"))
            value = "" if option.get("remove") == "y" else self.replace((option.text or "").strip())
            if value == "":
                sections.get(section, {}).pop(key, None)
                if section in sections and not sections[section]:
                    del sections[section]
                continue
            current = sections.setdefault(section, {})
            if option.get("multi") == "y" and key in current:
                before = current[key]
                current[key] = (before if isinstance(before, list) else [before]) + [value]
            else:
                current[key] = value


def render(sections):
    shown = copy.deepcopy(sections)
    for key in HIDDEN:
        shown.get("global", {}).pop(key, None)
    if "global" in shown and not shown["global"]:
        del shown["global"]
    parts = []
    for section in sorted(shown):
        lines = ["[%s]" % section]
        for key in sorted(shown[section]):
            value = shown[section][key]
            for one in value if isinstance(value, list) else [value]:
                lines.append("%s=%s" % (key, one))
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def read_guide(git_dir):
    if os.path.isfile(git_dir):
        with open(git_dir, "rb") as f:
            return f.read()
    return subprocess.run(
        ["git", "--git-dir", git_dir, "show", "%s:doc/xml/user-guide.xml" % COMMIT],
        check=True,
        capture_output=True,
    ).stdout


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    source = sys.argv[1]
    if os.path.isdir(os.path.join(source, ".git")):
        source = os.path.join(source, ".git")
    out_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "pgbackrest-user-guide"
    )
    root = ET.fromstring(read_guide(source))
    for os_type in ("debian", "rhel"):
        wanted = [s for s in SCENARIOS if s[1] == os_type]
        if not wanted:
            continue
        guide = Guide(root, os_type)
        guide.run({s[2] for s in wanted})
        for cluster, _, after, hosts in wanted:
            state = guide.snapshots[after]
            for host in sorted(state):
                if hosts is not None and host not in hosts:
                    continue
                for name, sections in state[host].items():
                    if os.path.basename(name) != "pgbackrest.conf":
                        raise SystemExit("%s: unexpected file %s on %s" % (cluster, name, host))
                    text = render(sections)
                    if not text:
                        continue
                    path = os.path.join(out_dir, cluster, host, "pgbackrest.conf")
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    with open(path, "w") as f:
                        f.write(text)
                    print(path)


if __name__ == "__main__":
    main()
