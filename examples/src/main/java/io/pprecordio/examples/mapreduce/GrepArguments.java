package io.pprecordio.examples.mapreduce;

import java.util.ArrayList;
import java.util.List;

/**
 * The job's own arguments, those left after Hadoop's generic options ({@code -D}, {@code -conf},
 * {@code -libjars}, ...): {@code [-v] [-F] [-e PATTERN | PATTERN] INPUT... OUTPUT}. Options come
 * before the positional arguments, as in POSIX utilities; {@code --} ends them.
 */
record GrepArguments(String pattern, boolean fixed, boolean invert, List<String> inputs,
    String output, boolean help) {

  static final String USAGE_LINE = "[GENERIC_OPTIONS] [-v] [-F] [-e PATTERN | PATTERN]"
      + " INPUT... OUTPUT_DIR";

  /** The usage text after the {@code Usage: PROGRAM} prefix. */
  static String usage(String program) {
    return String.join("\n",
        "Usage: " + program + " " + USAGE_LINE,
        "Copies the pp_recordio records that match PATTERN from the INPUTs (files, directories,",
        "globs, name@N shard specs) into OUTPUT_DIR/part-*.pp_recordio, and prints a summary.",
        "PATTERN is a Java regular expression searched for in each record read as UTF-8 text",
        "('(?i)' in front ignores case); with -F it is a fixed string searched for as bytes.",
        "",
        "  -e PATTERN  the pattern (for one that starts with '-')",
        "  -F          PATTERN is a fixed string, matched against the raw record bytes",
        "  -v          keep the records that do not match",
        "  -h, --help  show this help",
        "",
        "Generic options (before the others):",
        "  -D mapreduce.job.reduces=N          N output files (default 1); 0: map-only,",
        "                                      one output file per input split",
        "  -D pprecordio.corruption.policy=fail  fail on a corrupt region instead of skipping it",
        "  -D pprecordio.max.record.bytes=512m   largest record accepted (default 256m)",
        "  -D pprecordio.output.codec=zstd       per-record compression: none, gzip, zstd",
        "  -D pprecordio.output.compression.level=N",
        "  -D pprecordio.output.format.version=v1  the original package's format",
        "  -conf FILE, -fs URI, -jt HOST:PORT, -libjars JARS, ...  as for every Hadoop tool",
        "",
        "Exit status: 0 success (corrupt regions skipped are counted in the summary),",
        "1 the job failed or the input is not pp_recordio, 2 usage error or I/O error before",
        "the job ran.");
  }

  /** @throws IllegalArgumentException describing the mistake, in one line */
  static GrepArguments parse(String[] args) {
    String pattern = null;
    boolean fixed = false;
    boolean invert = false;
    int i = 0;
    for (; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        i++;
        break;
      }
      if (a.equals("-h") || a.equals("--help")) {
        return new GrepArguments(null, false, false, List.of(), null, true);
      }
      if (a.equals("-e") || a.equals("--regexp")) {
        if (i + 1 == args.length) {
          throw new IllegalArgumentException(a + " needs a PATTERN");
        }
        pattern = args[++i];
      } else if (a.equals("-F") || a.equals("--fixed-strings")) {
        fixed = true;
      } else if (a.equals("-v") || a.equals("--invert-match")) {
        invert = true;
      } else if (a.startsWith("-") && a.length() > 1) {
        throw new IllegalArgumentException("unknown option '" + a + "'"
            + (a.startsWith("-D") || a.equals("-conf") || a.equals("-libjars")
                ? " (Hadoop's generic options go first)" : ""));
      } else {
        break;
      }
    }
    List<String> rest = new ArrayList<>(List.of(args).subList(i, args.length));
    if (pattern == null) {
      if (rest.isEmpty()) {
        throw new IllegalArgumentException("missing PATTERN, INPUT and OUTPUT_DIR");
      }
      pattern = rest.remove(0);
    }
    if (rest.size() < 2) {
      throw new IllegalArgumentException(rest.isEmpty()
          ? "missing INPUT and OUTPUT_DIR" : "missing OUTPUT_DIR after INPUT " + rest.get(0));
    }
    String output = rest.remove(rest.size() - 1);
    return new GrepArguments(pattern, fixed, invert, List.copyOf(rest), output, false);
  }
}
