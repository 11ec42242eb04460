package io.pprecordio.examples.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code pprecordio} command: a toolbox for pp_recordio files, one subcommand per task. */
@Command(
    name = "pprecordio",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    sortOptions = false,
    description = {
      "Reads, checks, repairs and writes pp_recordio files: sequences of binary records that"
          + " survive corruption and split at any byte offset.",
      "",
      "Inputs are files, globs ('data/*.pp_recordio', quoted so the shell leaves them alone),"
          + " shard specs (data@4 for data-00000-of-00004 ... data-00003-of-00004), or - for"
          + " standard input."
    },
    subcommands = {
      CatCommand.class,
      HeadCommand.class,
      GetCommand.class,
      CountCommand.class,
      StatCommand.class,
      IndexCommand.class,
      VerifyCommand.class,
      RecoverCommand.class,
      WriteCommand.class,
      ConvertCommand.class,
      GrepCommand.class,
      HelpCommand.class,
    },
    footerHeading = "%nExit status:%n",
    footer = {
      "  0  success (corruption that a command skipped is reported on standard error)",
      "  1  verify found corruption or a torn tail, an input is not a pp_recordio file,",
      "     or a file went over --max-corrupt-regions or --max-skipped-bytes",
      "  2  usage error or I/O error, such as a missing file",
      "",
      "Run 'pprecordio help COMMAND' for a command's options."
    })
public final class Cli implements Callable<Integer> {
  final Io io;

  @Spec
  CommandSpec spec;

  Cli(Io io) {
    this.io = io;
  }

  /** Without a subcommand, shows the usage on standard error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE_OR_IO;
  }

  /** The picocli command line over {@code io}, with the CLI's error handling and exit codes. */
  public static CommandLine commandLine(Io io) {
    Charset charset = Charset.defaultCharset();
    CommandLine cl = new CommandLine(new Cli(io));
    cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(io.out(), charset), true));
    cl.setErr(new PrintWriter(new java.io.OutputStreamWriter(io.err(), charset), true));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(new Errors.ParameterHandler());
    cl.setExecutionExceptionHandler(new Errors.ExecutionHandler());
    cl.setExitCodeExceptionMapper(t -> ExitCodes.USAGE_OR_IO);
    ConvertCommand.addHelpSections(cl.getSubcommands().get("convert"));
    return cl;
  }

  /** Runs one command line and returns its exit status. */
  public static int run(Io io, String... args) {
    CommandLine cl = commandLine(io);
    int status;
    try {
      status = cl.execute(args);
    } catch (OutOfMemoryError e) {
      status = Errors.outOfMemory(cl, e);
    }
    try {
      io.out().flush();
    } catch (java.io.IOException e) {
      if (!Errors.isBrokenPipe(e)) {
        io.err().println("pprecordio: cannot write to standard output: " + e.getMessage());
        return ExitCodes.USAGE_OR_IO;
      }
    }
    io.err().flush();
    return status;
  }

  /** The version recorded in the jar's manifest at build time. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Cli.class.getPackage().getImplementationVersion();
      return new String[] {
        "pprecordio " + (v == null ? "(development build)" : v),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
            + ")"
      };
    }
  }
}
