package io.pprecordio.examples.cli;

import io.pprecordio.examples.mapreduce.RecordGrep;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pprecordio grep}: the MapReduce example {@link RecordGrep} on Hadoop's LocalJobRunner,
 * in this process. picocli reads the options for the help and for checking; the job gets them
 * back as the arguments {@code hadoop jar} would pass, so both ways run the same code.
 */
@Command(name = "grep",
    customSynopsis = {
      "pprecordio grep [-D KEY=VALUE]... [-v] [-F] [-e PATTERN | PATTERN] INPUT... OUTPUT_DIR"
    },
    description = {
      "Copies the records that match PATTERN from the INPUTs (files, directories, globs,"
          + " name@N shard specs) into OUTPUT_DIR/part-*.pp_recordio with a MapReduce job on"
          + " Hadoop's LocalJobRunner, and prints a summary: records in, matched and out,"
          + " corrupt regions and bytes skipped, the output files.",
      "PATTERN is a Java regular expression searched for in each record read as UTF-8 text"
          + " ('(?i)' in front ignores case); with -F, a fixed string searched for in the raw"
          + " bytes. An empty PATTERN ('') keeps every record: a reshard. OUTPUT_DIR must not"
          + " exist.",
      "The same job runs on a cluster with 'hadoop jar examples/target/pprecordio-mapreduce.jar'.",
      "",
      "Examples:",
      "  pprecordio grep '\"level\": \"error\"' 'logs/*.pp_recordio' errors",
      "  pprecordio grep -D mapreduce.job.reduces=8 -D pprecordio.output.codec=zstd \\",
      "      '' events@64 events-resharded",
      ""
    },
    footer = {
      "  0  success (corrupt regions the reader skipped are counted in the summary)",
      "  1  the job failed, e.g. corruption under pprecordio.corruption.policy=fail, or",
      "     the input is not a pp_recordio file",
      "  2  usage error or I/O error before the job ran, such as a missing input or an",
      "     existing OUTPUT_DIR"
    })
final class GrepCommand extends CliCommand {
  @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
      description = {
        "A Hadoop setting, as the generic -D option:",
        "mapreduce.job.reduces=N  N output files (default 1); 0 is map-only, one file per"
            + " input split",
        "pprecordio.corruption.policy=skip|fail",
        "pprecordio.max.record.bytes=SIZE  (default 256m)",
        "pprecordio.output.codec=none|gzip|zstd",
        "pprecordio.output.compression.level=N",
        "pprecordio.output.format.version=v2|v1"
      })
  Map<String, String> properties = new LinkedHashMap<>();

  @Option(names = {"-v", "--invert-match"}, description = "Keep the records that do not match.")
  boolean invert;

  @Option(names = {"-F", "--fixed-strings"},
      description = "PATTERN is a fixed string, matched against the raw record bytes.")
  boolean fixed;

  @Option(names = {"-e", "--regexp"}, paramLabel = "PATTERN",
      description = "The pattern, for one that starts with '-'.")
  String pattern;

  @Parameters(paramLabel = "ARGUMENT",
      description = "PATTERN (unless -e gives it), then INPUT..., then OUTPUT_DIR.")
  List<String> arguments = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<String> args = new ArrayList<>();
    for (Map.Entry<String, String> p : properties.entrySet()) {
      args.add("-D");
      args.add(p.getKey() + "=" + p.getValue());
    }
    if (invert) {
      args.add("-v");
    }
    if (fixed) {
      args.add("-F");
    }
    List<String> positional = new ArrayList<>(arguments);
    if (pattern == null && !positional.isEmpty()) {
      pattern = positional.remove(0);
    }
    if (pattern != null) {
      // Always through -e: Hadoop's option parser stops at the first token it does not know,
      // so a pattern or input that starts with '-' reaches the job intact.
      args.add("-e");
      args.add(pattern);
    }
    args.add("--");
    args.addAll(positional);

    PrintStream out = new PrintStream(io().out(), false, Charset.defaultCharset());
    RecordGrep tool = new RecordGrep(out, io().err(), "pprecordio grep", name(),
        "(see '" + name() + " --help')");
    int status = ToolRunner.run(new Configuration(), tool, args.toArray(new String[0]));
    out.flush();
    return status;
  }
}
