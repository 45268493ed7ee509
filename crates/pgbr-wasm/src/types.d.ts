// ---- The design: the shape of a design file (docs/design-format.md), kebab-case keys. ----

/** A pgBackRest option value: text, an integer, a boolean (written y/n), or a list (one line each). */
export type OptValue = string | number | boolean | string[];

export type Topology = "pooler" | "repo-host";
export type PeerOrder = "declared" | "rotate" | "zone";
export type SecretsMode = "env-file" | "include-file" | "inline";
export type HostType = "tls" | "ssh";
export type RepoType = "posix" | "s3" | "gcs" | "azure" | "sftp" | "cifs";

/** One pooler and the PostgreSQL replica beside it. */
export interface Pooler {
  name: string;
  host: string;
  "pg-path": string;
  "pg-port"?: number;
  "pg-socket-path"?: string;
  "pg-user"?: string;
  "pg-database"?: string;
  "pg-host-port"?: number;
  "pg-host-config"?: string;
  "pg-host-user"?: string;
  zone?: string;
  /** [global] options of this host's file only; they replace the design's value. */
  global?: Record<string, OptValue>;
  /** [global:<command>] options of this host's file only, over the design's command["<command>"]. */
  command?: Record<string, Record<string, OptValue>>;
  /** Options of the stanza's own section in this host's file only, over the design's. */
  "stanza-options"?: Record<string, OptValue>;
  /** [<stanza>:<command>] options of this host's file only, over the design's. */
  "stanza-command"?: Record<string, Record<string, OptValue>>;
}

/** A repository: `index` and `type`, and every other key a repoN-* option without `repoN-`
 *  (`path`, `retention-full`, `s3-bucket`, `cipher-pass`, ...). */
export interface Repo {
  index: number;
  type?: RepoType;
  /** posix or cifs in the pooler topology: the path is one filesystem mounted on every host. */
  "shared-storage"?: boolean;
  /** Secret options (`s3-key`, `cipher-pass`, ...) supplied on each host at deploy time, never in the design. */
  "deploy-secrets"?: string[];
  [option: string]: OptValue | undefined;
}

export interface Tls {
  "host-type"?: HostType;
  "ca-file"?: string;
  "cert-file"?: string;
  "key-file"?: string;
  /** A client certificate apart from the host's (its CN is auth-cn); {host} allowed. */
  "client-cert-file"?: string;
  "client-key-file"?: string;
  "server-address"?: string;
  "server-port"?: number;
  "auth-cn"?: string;
  /** What tls-server-auth lets those CNs use: "*" (every stanza) or a comma-separated list of
   *  stanzas; unset, the design's stanza. */
  "auth-stanzas"?: string;
}

export interface RepoHost {
  host: string;
  "host-port"?: number;
  "host-config"?: string;
  "host-user"?: string;
  /** [global] options of its file only; they replace the design's value. */
  global?: Record<string, OptValue>;
  /** [global:<command>] options of its file only, over the design's command["<command>"]. */
  command?: Record<string, Record<string, OptValue>>;
  /** Options of the stanza's own section in its file only, over the design's. */
  "stanza-options"?: Record<string, OptValue>;
  /** [<stanza>:<command>] options of its file only, over the design's. */
  "stanza-command"?: Record<string, Record<string, OptValue>>;
}

/** A whole cluster design. Designs this API returns have every defaulted key filled in. */
export interface Design {
  stanza: string;
  /** e.g. "2.57"; a string, never a number. */
  "pgbackrest-version"?: string;
  topology?: Topology;
  "peer-order"?: PeerOrder;
  secrets?: SecretsMode;
  pooler?: Pooler[];
  repo?: Repo[];
  tls?: Tls;
  "repo-host"?: RepoHost;
  /** Any other [global] option, by its pgBackRest name. */
  global?: Record<string, OptValue>;
  /** Options for one command in every file: command["archive-push"] becomes [global:archive-push]. */
  command?: Record<string, Record<string, OptValue>>;
  /** Options written in the stanza's own section. */
  "stanza-options"?: Record<string, OptValue>;
  /** Options for one command of the stanza: "stanza-command".backup becomes [<stanza>:backup]. */
  "stanza-command"?: Record<string, Record<string, OptValue>>;
}

/** A design object, or a design file's text (TOML, or JSON when it starts with `{`). */
export type DesignInput = Design | string;

// ---- Results ----

export type Severity = "error" | "warning";

/** One finding; `path` names the field as the design spells it, e.g. `pooler[2].host` (0-based). */
export interface Diagnostic {
  severity: Severity;
  path: string;
  message: string;
}

export type LineKind = "comment" | "blank" | "section" | "option" | "env";

/** One line of a generated file: what it holds, where it is and why it is there. */
export interface Line {
  /** The line as the file has it, without its "\n" (rendered from the fields below). */
  text: string;
  kind: LineKind;
  /** An option's key as written (`pg2-host`), or an env line's variable (`PGBACKREST_REPO1_S3_KEY`). */
  key?: string;
  /** An option's or an env line's value (unquoted). */
  value?: string;
  /** A section line's name, without brackets (`global`, `main`, `global:archive-push`). */
  name?: string;
  /** A comment line's text, without its `# `. */
  comment?: string;
  /** The section the line is in, as an index into the file's `sections` (a section line's own);
   *  absent before the first section header and in an env file. */
  section?: number;
  /** The option's catalog name (`pg-host`, `repo-path`), on option lines. */
  option?: string;
  /** The pooler (index into `design.pooler`) whose replica this line describes. */
  replica?: number;
  /** The pg index of the block this line belongs to. */
  pg?: number;
  /** The repo index of the block this line belongs to. */
  repo?: number;
  why: string;
}

export type FileKind = "config" | "secrets-include" | "env";

export interface GeneratedFile {
  /** Relative path, e.g. `pooler-2/pgbackrest.conf`. */
  path: string;
  /** Unix mode to install it with (e.g. 0o640). */
  mode: number;
  kind: FileKind;
  /** The host this file is for. */
  host: string;
  /** The pooler this file belongs to; `null` for the repository host's file. */
  pooler: number | null;
  /** The file's bytes as `pgbr generate` writes them: every line followed by "\n". */
  content: string;
  /** The sections the file opens, in order; a line's `section` indexes this. */
  sections: string[];
  /** `[pg index, pooler]` for each `pgN` the file lists, in pg order (empty for a secrets file). */
  "pg-order": Array<[number, number]>;
  lines: Line[];
}

/** `files` is empty when any diagnostic is an error. */
export interface GenerateResult {
  files: GeneratedFile[];
  diagnostics: Diagnostic[];
}

/** A config file to import: its name matters for `.env` files. */
export interface ConfFile {
  name: string;
  text: string;
}

/** One file's text, or several (strings are named `file-1.conf`, `file-2.conf`, ...). */
export type ConfInput = string | Array<string | ConfFile>;

/** Something the importer read but could not place in the design. */
export interface Unmapped {
  file: string;
  /** 1-based; 0 when the note is about the whole file. */
  line: number;
  message: string;
  /** Something the files say is not in the design as written (left out, renamed, one value of
   *  several kept); false for a note about what the files do not say. */
  lost: boolean;
}

export interface ImportResult {
  design: Design;
  unmapped: Unmapped[];
}

/** One option generate would add, remove or change in an existing file. */
export type Change =
  | { change: "added"; section: string; key: string; value: string }
  | { change: "removed"; section: string; key: string; value: string }
  /** All of a repeated option's values, in order. */
  | { change: "changed"; section: string; key: string; before: string[]; after: string[] };

/** One existing file against the generated file for the same host. */
export interface FileDiff {
  /** The existing file's name. */
  file: string;
  /** The generated file it was paired with (`pooler-1/pgbackrest.conf`), if any. */
  generated: string | null;
  host: string | null;
  /** How the pairing was found, or why none was. */
  "paired-by": string;
  changes: Change[];
}

/** What generating does to a line: `same` for kept lines, comments and blank lines. */
export type Mark = "same" | "added" | "removed" | "changed";

export interface MarkedLine {
  /** 1-based. */
  line: number;
  text: string;
  mark: Mark;
}

/** A file as it is and as generate writes it, whole: removed and changed options are marked
 *  in `before`, added and changed ones in `after`. */
export interface BeforeAfter {
  file: string;
  generated: string;
  before: MarkedLine[];
  after: MarkedLine[];
  /** The two files line by line: `[index into before, index into after]`, `null` where one
   *  file has no line there. An option faces the same option of the same section, whatever
   *  its value; other lines face the same text. */
  rows: Array<[number | null, number | null]>;
}

export interface Comparison {
  files: FileDiff[];
  /** Each paired file before and after. */
  views: BeforeAfter[];
  /** Generating leaves every file as it is (and every file was compared). */
  unchanged: boolean;
  /** The comparison as `pgbr diff` prints it. */
  text: string;
}

export interface Example {
  /** e.g. `multigres-three-poolers.toml` */
  file: string;
  title: string;
  /** The design file's text. */
  toml: string;
  design: Design;
}

export type OptionScope = "global" | "repo" | "pg" | "tls-server" | "command-line";

export type OptionType =
  | { kind: "bool" }
  | { kind: "int"; min: number; max: number }
  | { kind: "enum" }
  | { kind: "string" }
  | { kind: "path" }
  /** min and max in bytes. */
  | { kind: "size"; min: number; max: number }
  /** min and max in milliseconds. */
  | { kind: "time"; min: number; max: number }
  | { kind: "hash" }
  | { kind: "list" };

/** One option of the catalog; indexed options without their index (`repo-path`). */
export interface OptionDef {
  name: string;
  scope: OptionScope;
  /** Its type in the release it appeared in. */
  type: OptionType;
  /** Later releases that changed the type (a range): ["2.xx", type], oldest first. */
  changes: [string, OptionType][];
  /** Allowed values of an enum, each with the release that introduced it: [value, "2.xx"]. */
  values: [string, string][];
  default: string | null;
  /** The first release that knows it, e.g. "2.37". */
  since: string;
  /** From this release pgBackRest no longer documents it (it still reads it). */
  "internal-from": string | null;
  /** pgBackRest reads it only in a stanza's sections, never in [global]. */
  "stanza-only": boolean;
  /** A secret: kept out of the main file unless `secrets = "inline"`. */
  secure: boolean;
  /** Older names pgBackRest still reads; "?" marks where the index goes (`repo?-s3-verify-tls`). */
  deprecated: string[];
  /** Only for repositories of this type. */
  "repo-type": RepoType | null;
  summary: string;
  /** Its entry in pgBackRest's configuration reference (pgbackrest.org); null for the
   * command-line-only options. */
  "doc-url": string | null;
}

export type FieldKind = "text" | "number" | "choice";

/** One allowed value of a choice field, and how a form names it. */
export interface Choice {
  value: string;
  label: string;
}

/** One field of the design format, as a form shows it. */
export interface FieldInfo {
  /** The design file's key (`pg-path`, `server-port`). */
  key: string;
  /** The catalog name of the pgBackRest option it becomes (`pg-host`, `tls-server-port`). */
  option?: string;
  /** That option as the files spell it (`pgN-host`, `repoN-host-port`). */
  written?: string;
  label: string;
  /** One line of help. */
  help: string;
  kind: FieldKind;
  /** The allowed values of a `choice` field (absent for the others). */
  choices?: Choice[];
  /** What applies when the field is left empty, as the input would show it. */
  default?: string;
}

/** The option keys (without `repo-`) a form shows for one repository type. */
export interface RepoFields {
  type: RepoType;
  options: string[];
}

/** Every field of the design format at one pgBackRest release. */
export interface DesignFields {
  /** The release described, e.g. "2.57". */
  version: string;
  /** The top-level settings (`stanza`, `pgbackrest-version`, `topology`, ...). */
  cluster: FieldInfo[];
  /** The keys of one `[[pooler]]` entry. */
  pooler: FieldInfo[];
  /** The keys of `[tls]`. */
  tls: FieldInfo[];
  /** The keys of `[repo-host]`. */
  "repo-host": FieldInfo[];
  /** Per repository type, the option keys its form shows at that release. */
  repo: RepoFields[];
  /** The `[global]` options a form gives their own control, by pgBackRest name. */
  "common-global": string[];
}

export interface VersionInfo {
  /** This package's version. */
  designer: string;
  /** The design format version it reads and writes. */
  format: number;
  /** pgBackRest releases: the oldest and newest targeted, and a design's default. */
  pgbackrest: { oldest: string; newest: string; default: string };
}

/** Thrown for a value that is not a design; `path` names the first bad field ("" for the whole value). */
export interface DesignError extends Error {
  path: string;
}

/** Thrown by `zip` and `diff` for a design with errors. */
export interface ZipError extends Error {
  diagnostics: Diagnostic[];
}
