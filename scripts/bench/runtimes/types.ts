/** What the runtime resolvers share: a place to look, what a program says about itself, and the outcome. */
import type { ParsedSpec, RuntimeKind, RuntimeOrigin } from './spec.ts';

/** A program that may be the runtime, and where it was found. */
export interface Candidate {
  program: string;
  origin: RuntimeOrigin;
}

/** What a program reports when it runs. */
export interface Probe {
  /** "3.7.16", "1.13.15", "12.22.12", "25.0.1". */
  version: string;
  freeThreaded: boolean;
  flags: string[];
  detail: string;
}

export interface KindDef {
  kind: RuntimeKind;
  /** Placeholder names it fills in commands: {python}, {go}, {node}, {java} {javac}. */
  placeholders: readonly string[];
  /** Whether a command's program word (its basename) names this runtime: python3, go, node, java, javac… */
  isProgram(basename: string): boolean;
  /** The path of a program word under the runtime whose main program is `program`. */
  programPath(program: string, basename: string): string;
  /** The arguments that print its version (for the requirement that replaces the manifest's own check). */
  versionArgs: readonly string[];
  /** Where it is looked for, in order. */
  candidates(p: ParsedSpec, root: string): Candidate[];
  /** A path the user gave: the program itself or a folder holding it. */
  fromUserPath(p: ParsedSpec, given: string): string;
  probe(program: string, origin: RuntimeOrigin): Probe | { error: string };
  /** Environment its commands get (PATH first, GOROOT, JAVA_HOME…). */
  env(program: string, probe: Probe): Record<string, string>;
  /** The one-line fix when it cannot be found. */
  fix(p: ParsedSpec): string;
  /** Where it was looked for, in words, for the reason. */
  places(p: ParsedSpec): string;
}

export interface Resolved {
  spec: string;
  parsed: ParsedSpec;
  kind: KindDef;
  origin: RuntimeOrigin;
  program: string;
  probe: Probe;
  env: Record<string, string>;
}

export interface Unresolved {
  spec: string;
  reason: string;
  fix: string;
}
