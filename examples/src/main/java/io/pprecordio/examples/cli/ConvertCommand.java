package io.pprecordio.examples.cli;

import io.pprecordio.CorruptRecordException;
import io.pprecordio.RecordTooLargeException;
import io.pprecordio.examples.convert.ConvertJob;
import io.pprecordio.examples.convert.ConvertOptions;
import io.pprecordio.examples.convert.ConvertOptionsHelp;
import io.pprecordio.examples.convert.ConvertSummary;
import java.beans.Introspector;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Unmatched;

/**
 * {@code pprecordio convert}: the Beam dataset conversion job ({@link ConvertJob}) from the
 * command line. Its options are the job's Beam pipeline options, so they are passed to Beam's
 * own parser as they are ({@code --runner} and every runner option included); picocli handles
 * only {@code --help} and {@code --version}. The help lists the options from
 * {@link ConvertOptionsHelp}.
 */
@Command(name = "convert",
    customSynopsis = {
      "pprecordio convert [--input=PATTERN] [--output=NAME@N[.SUFFIX]] [--OPTION=VALUE...]"
    },
    description = {
      "Converts a dataset between text lines, TFRecord, Hadoop SequenceFile values, Avro"
          + " container files, Parquet and pp_recordio, in any direction, with an Apache Beam"
          + " pipeline, and prints a summary: records in and out, corrupt regions and bytes"
          + " skipped, records per output shard.",
      "Runs on the DirectRunner in this process unless --runner names another. With no --input"
          + " it converts a sample dataset (3 pp_recordio shards, one damaged record, one torn"
          + " write) generated in a temporary directory.",
      "",
      "Examples:",
      "  pprecordio convert",
      "  pprecordio convert --input='logs/*.jsonl' --output=out/logs@8.pp_recordio \\",
      "      --codec=zstd",
      "  pprecordio convert --input=train@64.pp_recordio --output=out/train@16.tfrecord",
      "  pprecordio convert --input='hdfs://nn/warehouse/part-*' \\",
      "      --inputFormat=sequencefile --output=out/part@4 \\",
      "      --runner=FlinkRunner --flinkMaster=host:8081 --parallelism=8",
      ""
    },
    footer = {
      "  0  success (corrupt regions the reader skipped are counted in the summary)",
      "  1  the pipeline failed while running (--corruptionPolicy=fail met a corrupt",
      "     region, a TFRecord or SequenceFile input is damaged, a worker could not",
      "     read or write), or the output does not hold what was read",
      "  2  usage error or I/O error before the pipeline starts, such as a missing",
      "     input file or shard, or a record above --maxRecordBytes"
    })
final class ConvertCommand extends CliCommand {
  private static final String JOB_OPTIONS_HEADING = "convertJobOptionsHeading";
  private static final String JOB_OPTIONS = "convertJobOptions";

  @Unmatched
  List<String> arguments = new ArrayList<>();

  /** Adds the job's option list to {@code convert --help}, after picocli's own options. */
  static void addHelpSections(CommandLine convert) {
    Map<String, CommandLine.IHelpSectionRenderer> sections = convert.getHelpSectionMap();
    sections.put(JOB_OPTIONS_HEADING, help -> String.format(
        "%nJob options, as --name=value (or --name value):%n"));
    sections.put(JOB_OPTIONS, help -> ConvertOptionsHelp.render(
        help.commandSpec().usageMessage().width()));
    List<String> keys = new ArrayList<>(convert.getHelpSectionKeys());
    int at = keys.indexOf(UsageMessageSpec.SECTION_KEY_OPTION_LIST) + 1;
    keys.add(at, JOB_OPTIONS_HEADING);
    keys.add(at + 1, JOB_OPTIONS);
    convert.setHelpSectionKeys(keys);
  }

  @Override
  public Integer call() throws IOException {
    ConvertOptions options = parse(beamArguments(arguments));
    PrintStream err = io().err();
    Consumer<String> notes = note -> {
      err.println(name() + ": " + note);
      err.flush();
    };
    if (io().stderrTerminal()) {
      notes.accept("running on " + options.getRunner().getSimpleName() + "...");
    }
    ConvertSummary summary;
    try {
      summary = ConvertJob.run(options, notes);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    } catch (RuntimeException | LinkageError e) {
      // Runners wrap what failed on a worker; a runner missing from the classpath or a JVM
      // flag it needs shows up as a linkage error.
      return pipelineFailed(e);
    } catch (OutOfMemoryError e) {
      diagnostics(false).error(Errors.outOfMemory(e, options.getMaxRecordBytes(),
          "--maxRecordBytes") + ", or run on a cluster runner");
      return ExitCodes.USAGE_OR_IO;
    }
    io().out().write(summary.render().getBytes(java.nio.charset.Charset.defaultCharset()));
    io().out().flush();
    for (String problem : summary.problems()) {
      diagnostics(false).error(problem);
    }
    return summary.problems().isEmpty() ? ExitCodes.OK : ExitCodes.DATA;
  }

  /**
   * Beam reads {@code --name=value}; users also type {@code --name value}. A token that does not
   * start with {@code --} is never valid on its own for Beam, so it must be the previous
   * option's value.
   */
  static List<String> beamArguments(List<String> args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "': options are --name=value");
      }
      if (!arg.contains("=") && i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        arg = arg + "=" + args.get(++i);
      }
      out.add(arg);
    }
    return out;
  }

  private ConvertOptions parse(List<String> args) {
    PipelineOptionsFactory.register(ConvertOptions.class);
    checkNames(args);
    checkValues(args);
    try {
      return PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).withValidation()
          .as(ConvertOptions.class);
    } catch (IllegalArgumentException e) {
      throw new UsageException(beamMessage(e.getMessage()));
    }
  }

  /**
   * Names an unknown option and the closest known one, the job's or a registered runner's,
   * before Beam's parser would say it in its own terms.
   */
  static void checkNames(List<String> args) {
    Set<String> known = new TreeSet<>();
    for (Class<?> options : PipelineOptionsFactory.getRegisteredOptions()) {
      for (Method m : options.getMethods()) { // an interface's, its parents' included
        String name = m.getName();
        if (m.getParameterCount() == 0 && name.startsWith("get") && name.length() > 3) {
          known.add(Introspector.decapitalize(name.substring(3)));
        } else if (m.getParameterCount() == 0 && name.startsWith("is") && name.length() > 2
            && m.getReturnType() == boolean.class) {
          known.add(Introspector.decapitalize(name.substring(2)));
        }
      }
    }
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String name = arg.substring(2, eq < 0 ? arg.length() : eq);
      if (!known.contains(name)) {
        throw new UsageException("unknown option --" + name
            + Suggestions.nearest(name, known).map(k -> "; the closest is --" + k).orElse(""));
      }
    }
  }

  /**
   * Checks the values of the job's numeric and boolean options, whose Beam parse errors do not
   * name the option.
   */
  static void checkValues(List<String> args) {
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = arg.substring(2, eq);
      String value = arg.substring(eq + 1);
      Class<?> type = ConvertOptionsHelp.type(name);
      if (type == int.class || type == long.class) {
        try {
          if (type == int.class) {
            Integer.parseInt(value.strip());
          } else {
            Long.parseLong(value.strip());
          }
        } catch (NumberFormatException e) {
          throw new UsageException("--" + name + ": '" + value + "' is not a whole number");
        }
      } else if (type == boolean.class && !value.equalsIgnoreCase("true")
          && !value.equalsIgnoreCase("false")) {
        throw new UsageException("--" + name + ": '" + value + "' is not true or false");
      }
    }
  }

  /** Beam's parser messages, made to fit one line and to point at the fix. */
  static String beamMessage(String message) {
    String m = message == null ? "bad option" : message.strip();
    int newline = m.indexOf('\n');
    String first = newline < 0 ? m : m.substring(0, newline).strip();
    if (first.startsWith("Unknown 'runner' specified")) {
      return first + "; FlinkRunner and SparkRunner need a build with -Pflink-runner or"
          + " -Pspark-runner";
    }
    // "Class interface ...ConvertOptions missing a property named 'x'." is followed by
    // suggestions on the next lines; keep them on one line.
    return m.replaceAll("\\s*[\\r\\n]+\\s*", " ")
        .replace("Class interface io.pprecordio.examples.convert.ConvertOptions", "convert");
  }

  /**
   * A failed pipeline: runners wrap the worker's exception, so the status and message come from
   * the first cause that says what went wrong.
   */
  private int pipelineFailed(Throwable e) {
    Throwable cause = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CorruptRecordException) {
        diagnostics(false).error(t.getMessage() + " (--corruptionPolicy=fail)");
        debug(e);
        return ExitCodes.DATA;
      }
      if (t instanceof RecordTooLargeException) {
        RecordTooLargeException r = (RecordTooLargeException) t;
        diagnostics(false).error(String.format("record in %s at offset %d is above the limit of %d"
            + " bytes; raise it with --maxRecordBytes", r.file(), r.offset(), r.maxRecordBytes()));
        debug(e);
        return ExitCodes.USAGE_OR_IO;
      }
      if (t instanceof UncheckedIOException || t instanceof IOException) {
        cause = t instanceof UncheckedIOException ? t.getCause() : t;
        break;
      }
      if (t.getCause() == null || t.getCause() == t) {
        cause = t;
      }
    }
    String message = cause.getMessage() != null ? cause.getMessage() : cause.toString();
    diagnostics(false).error("the pipeline failed: " + message.strip()
        .replaceAll("\\s*[\\r\\n]+\\s*", " "));
    debug(e);
    return ExitCodes.DATA;
  }

  private void debug(Throwable t) {
    if (System.getenv("PPRECORDIO_DEBUG") != null) {
      t.printStackTrace(io().err());
    }
  }
}
