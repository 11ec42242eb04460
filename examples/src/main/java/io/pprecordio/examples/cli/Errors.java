package io.pprecordio.examples.cli;

import io.pprecordio.RecordTooLargeException;

import io.pprecordio.CorruptionBudgetExceededException;
import io.pprecordio.ReaderOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line on standard error and an exit status: users see what went
 * wrong and where, never a stack trace. Setting the environment variable
 * {@code PPRECORDIO_DEBUG} adds the stack trace, for bug reports.
 */
final class Errors {
  private Errors() {}

  /** Bad flags and arguments, as picocli finds them. */
  static final class ParameterHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
      CommandLine cl = ex.getCommandLine();
      String name = cl.getCommandSpec().qualifiedName();
      String message = unknownCommand(ex).orElseGet(() -> oneLine(ex.getMessage()));
      cl.getErr().println(name + ": " + message + " (see '" + name + " --help')");
      debug(cl, ex);
      return ExitCodes.USAGE_OR_IO;
    }

    /** A word where a subcommand belongs: which ones exist, and the nearest. */
    private static Optional<String> unknownCommand(ParameterException ex) {
      CommandLine cl = ex.getCommandLine();
      if (!(ex instanceof UnmatchedArgumentException) || cl.getSubcommands().isEmpty()) {
        return Optional.empty();
      }
      List<String> unmatched = ((UnmatchedArgumentException) ex).getUnmatched();
      if (unmatched.isEmpty() || unmatched.get(0).startsWith("-")
          || !cl.getParseResult().originalArgs().get(0).equals(unmatched.get(0))) {
        return Optional.empty();
      }
      String word = unmatched.get(0);
      Set<String> commands = cl.getSubcommands().keySet();
      return Optional.of("'" + word + "' is not a command"
          + Suggestions.nearest(word, commands).map(c -> "; did you mean '" + c + "'?").orElse("")
          + " The commands are " + String.join(", ", commands) + ".");
    }
  }

  /** Whatever a command throws. */
  static final class ExecutionHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
      String name = cl.getCommandSpec().qualifiedName();
      Throwable t = ex instanceof UncheckedIOException ? ex.getCause() : ex;
      if (t instanceof IOException && isBrokenPipe((IOException) t)) {
        return ExitCodes.OK; // the reader of our output has had enough, as with '| head'
      }
      if (t instanceof CorruptionBudgetExceededException) {
        // Too damaged to go on: a verdict on the data, as verify's status 1 is.
        cl.getErr().println(name + ": " + oneLine(t.getMessage())
            + "; raise --max-corrupt-regions or --max-skipped-bytes to read on");
        debug(cl, t);
        return ExitCodes.DATA;
      }
      String message;
      if (t instanceof UsageException) {
        message = t.getMessage() + " (see '" + name + " --help')";
      } else if (t instanceof IOException) {
        message = describe((IOException) t);
      } else if (t instanceof IllegalArgumentException) {
        message = t.getMessage();
      } else {
        message = "internal error: " + t + " (set PPRECORDIO_DEBUG=1 for the stack trace, and"
            + " please report it)";
      }
      cl.getErr().println(name + ": " + oneLine(message));
      debug(cl, t);
      return ExitCodes.USAGE_OR_IO;
    }
  }

  /**
   * An {@link OutOfMemoryError}, which picocli does not catch: one line saying what ran out, the
   * record limit in force (a reader may hold a record of that size, and a little more), and the
   * two ways out.
   */
  static int outOfMemory(CommandLine cl, OutOfMemoryError e) {
    ParseResult parsed = cl.getParseResult();
    CommandLine command = cl;
    while (parsed != null && parsed.hasSubcommand()) {
      parsed = parsed.subcommand();
      command = parsed.commandSpec().commandLine();
    }
    long limit = parsed != null
        ? parsed.matchedOptionValue("--max-record-bytes", ReaderOptions.DEFAULT_MAX_RECORD_BYTES)
        : ReaderOptions.DEFAULT_MAX_RECORD_BYTES;
    command.getErr().println(command.getCommandSpec().qualifiedName() + ": "
        + outOfMemory(e, limit, "--max-record-bytes"));
    debug(command, e);
    return ExitCodes.USAGE_OR_IO;
  }

  /** What ran out, the heap, the record limit in force and its option, and the ways out. */
  static String outOfMemory(OutOfMemoryError e, long limit, String limitOption) {
    long heap = Runtime.getRuntime().maxMemory();
    String what = e.getMessage() == null || e.getMessage().isBlank() ? "memory" : e.getMessage();
    return "out of memory (" + what + ") with a heap of " + ByteSize.format(heap)
        + " and a record limit of " + ByteSize.format(limit)
        + "; raise the heap with PPRECORDIO_OPTS=-Xmx"
        + ByteSize.format(suggestedHeap(limit, heap)) + " or lower " + limitOption;
  }

  /** Room for two records of the limit (one being decoded, one handed on) and the tool itself. */
  static long suggestedHeap(long limit, long heap) {
    long mib = 1L << 20;
    long wanted = Math.max(2 * heap, 2 * limit + 128 * mib);
    return (wanted + 64 * mib - 1) / (64 * mib) * (64 * mib);
  }

  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      NoSuchFileException n = (NoSuchFileException) e;
      return n.getFile() + ": " + (n.getReason() != null ? n.getReason() : "no such file");
    }
    if (e instanceof AccessDeniedException) {
      return ((AccessDeniedException) e).getFile() + ": permission denied";
    }
    if (e instanceof FileSystemException) {
      FileSystemException f = (FileSystemException) e;
      if (f.getFile() != null && f.getReason() != null) {
        return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": "
            + f.getReason();
      }
    }
    if (e instanceof RecordTooLargeException) {
      RecordTooLargeException r = (RecordTooLargeException) e;
      return String.format("record in %s at offset %d is %s bytes, above the limit of %d;"
              + " raise it with --max-record-bytes", r.file(), r.offset(),
          r.recordBytes() < 0 ? "more than " + r.maxRecordBytes() : r.recordBytes(),
          r.maxRecordBytes());
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  static boolean isBrokenPipe(IOException e) {
    String m = e.getMessage();
    return m != null && m.contains("Broken pipe");
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  private static void debug(CommandLine cl, Throwable t) {
    if (System.getenv("PPRECORDIO_DEBUG") != null) {
      t.printStackTrace(cl.getErr());
    }
  }
}
